package dev.ignite.engine.access;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.VmSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The guest agent on a real VM: exec streams and codes, concurrency, stdin, timeouts, copies. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AgentIT {
    private static Vm vm;

    @TempDir
    Path tmp;

    @BeforeAll
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    static void boot() {
        Ignite ignite = Ignite.open();
        ignite.defaults().ensureKernel(message -> { });
        ignite.defaults().ensureImage(message -> { });
        vm = ignite.launch(VmSpec.builder(Ignite.DEFAULT_IMAGE, Ignite.DEFAULT_KERNEL).build());
    }

    @AfterAll
    static void stop() {
        if (vm != null) {
            vm.close();
        }
    }

    @Test
    void theBootWaitedForTheAgentStartedByOurInitramfs() {
        assertThat(vm.serialLog().text()).contains("ignite-init: agent on /dev/vport");
    }

    @Test
    void stdoutStderrAndExitCodeComeApart() {
        ExecResult result = vm.exec("echo out; echo err >&2; exit 3");
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
    }

    @Test
    void environmentAndWorkingDirectoryAreTheRequests() {
        ExecResult result = vm.execOrFail(ExecRequest.builder("echo \"$GREETING\"; pwd; echo $HOME")
                .addEnv("GREETING", "hello 'quoted' $world").setWorkingDirectory("/etc").build());
        assertThat(result.stdout()).isEqualTo("hello 'quoted' $world\n/etc\n/root\n");
        assertThat(vm.exec(ExecRequest.builder("true").setWorkingDirectory("/no/such").build()).exitCode())
                .isEqualTo(1);
    }

    @Test
    void severalCommandsRunAtOnce() {
        Instant started = Instant.now();
        List<CompletableFuture<ExecResult>> runs = IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> vm.exec("sleep 2; echo " + i)))
                .toList();
        for (int i = 0; i < runs.size(); i++) {
            assertThat(runs.get(i).join().stdout()).isEqualTo(i + "\n");
        }
        assertThat(Duration.between(started, Instant.now())).as("four 2 s sleeps side by side")
                .isLessThan(Duration.ofSeconds(7));
    }

    @Test
    void largeStdinArrivesWhole() {
        String input = "x".repeat(300_000) + "\n";
        ExecResult result = vm.execOrFail(ExecRequest.builder("wc -c").setStdin(input).build());
        assertThat(result.stdout().trim()).isEqualTo("300001");
        ExecResult ignored = vm.execOrFail(ExecRequest.builder("true").setStdin(input).build());
        assertThat(ignored.stdout()).isEmpty();
    }

    @Test
    void aTimeoutKillsTheCommandsProcessGroup() {
        assertThatThrownBy(() -> vm.exec(ExecRequest.builder("sleep 31 & sleep 32; echo done")
                .setTimeout(Duration.ofSeconds(1)).build()))
                .isInstanceOf(ExecTimeoutException.class);
        assertThat(vm.exec("sleep 0.3; ps | grep -v grep | grep 'sleep 3[12]'").stdout()).isEmpty();
    }

    @Test
    void aCommandThatIsNotThereExits127() {
        assertThat(vm.exec("no-such-command-here").exitCode()).isEqualTo(127);
    }

    @Test
    void copiesKeepModesAndLinksBothWays() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("tree/sub"));
        Files.writeString(tree.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(tree.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(tree.resolve("link"), Path.of("run.sh"));
        vm.copyTo(tmp.resolve("tree"), "/opt/deep/tree");
        assertThat(vm.execOrFail("stat -c '%a %U' /opt/deep/tree/sub/run.sh; readlink /opt/deep/tree/sub/link;"
                + " /opt/deep/tree/sub/run.sh").stdout()).isEqualTo("750 root\nrun.sh\nhi\n");

        vm.execOrFail("mkdir -p /srv/out/d && echo data >/srv/out/d/f && chmod 604 /srv/out/d/f && ln -s /etc/passwd /srv/out/l");
        vm.copyFrom("/srv/out", tmp.resolve("back"));
        assertThat(Files.readString(tmp.resolve("back/d/f"))).isEqualTo("data\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("back/d/f"))))
                .isEqualTo("rw----r--");
        assertThat(Files.readSymbolicLink(tmp.resolve("back/l"))).isEqualTo(Path.of("/etc/passwd"));
        assertThat(Files.isSymbolicLink(tmp.resolve("back/l"))).isTrue();
        assertThat(Files.exists(tmp.resolve("back/l"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(tmp.resolve("back").toFile().list()).containsExactlyInAnyOrder("d", "l");
    }
}
