package dev.ignite.engine.vm;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.TestEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Several JVMs on one store: concurrent creates never clash, and a dead JVM's VMs are reaped. */
class CrossProcessIT {
    private static Ignite ignite;

    @BeforeAll
    static void defaults() {
        ignite = TestEngine.openWithDefaults();
    }

    @Test
    void twoJvmsCreatingVmsAtOnceGetDistinctNamesAndOneOwnerPerExplicitName() throws Exception {
        String contested = "contested-" + ProcessHandle.current().pid();
        Process first = StoreClient.launch(ignite.home().root(), "create", "6", contested);
        Process second = StoreClient.launch(ignite.home().root(), "create", "6", contested);
        List<String> lines = new ArrayList<>(linesUntilDone(first));
        lines.addAll(linesUntilDone(second));

        List<String> created = lines.stream().filter(l -> l.startsWith("CREATED ")).toList();
        List<String> names = created.stream().map(l -> l.split(" ")[1]).toList();
        List<String> ids = created.stream().map(l -> l.split(" ")[2]).toList();
        try {
            assertThat(created).as("12 generated names and the contested one once").hasSize(13);
            assertThat(names).doesNotHaveDuplicates().containsOnlyOnce(contested);
            assertThat(ids).doesNotHaveDuplicates();
            assertThat(lines).containsOnlyOnce("CLASH " + contested);
            assertThat(ignite.vms().list().stream().map(VmRecord::name).filter(contested::equals)).hasSize(1);
        } finally {
            for (Process client : List.of(first, second)) {
                client.getOutputStream().close();
                assertThat(client.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(client.exitValue()).isZero();
            }
            // The clients ended, so the store reaps their VMs: none of them is left.
            List<String> remaining = ignite.vms().list().stream().map(VmRecord::id).filter(ids::contains).toList();
            assertThat(remaining).isEmpty();
        }
    }

    @Test
    void theVmsOfAKilledJvmDieWithItAndAreReaped() throws Exception {
        Process client = StoreClient.launch(ignite.home().root(), "run");
        BufferedReader out = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        try {
            assertThat(line).as("the client JVM booted its VM").startsWith("RUNNING ");
            String name = line.split(" ")[1];
            ProcessHandle qemu = ProcessHandle.of(Long.parseLong(line.split(" ")[2])).orElseThrow();
            VmRecord record = ignite.vms().find(name).orElseThrow();
            assertThat(record.state()).isEqualTo(VmState.RUNNING);

            client.destroyForcibly(); // kill -9: no shutdown hook runs
            client.waitFor(10, TimeUnit.SECONDS);
            qemu.onExit().get(10, TimeUnit.SECONDS);
            assertThat(qemu.isAlive()).as("QEMU dies with the JVM that owned it").isFalse();

            assertThat(ignite.vms().find(name)).as("the next use of the store reaps it").isEmpty();
            assertThat(Files.exists(record.folder())).isFalse();
        } finally {
            client.destroyForcibly();
        }
    }

    /** The client's lines up to its DONE, while it keeps running (and owning its VMs). */
    private static List<String> linesUntilDone(Process process) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        for (String line = out.readLine(); line != null && !line.equals("DONE"); line = out.readLine()) {
            lines.add(line);
        }
        return lines;
    }
}
