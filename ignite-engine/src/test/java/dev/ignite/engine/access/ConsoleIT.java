package dev.ignite.engine.access;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.TestEngine;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.vm.BootMode;
import dev.ignite.engine.vm.LaunchOptions;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.VmSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The serial console of a real VM: log in on ttyS0 by typing, read the answers, follow the log to the VM's end. */
class ConsoleIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void logInOnTheSerialConsoleAndRunACommand() throws Exception {
        Ignite ignite = TestEngine.openWithDefaults();
        long qemuPid;
        try (Vm vm = ignite.launch(VmSpec.builder(Ignite.DEFAULT_IMAGE, Ignite.DEFAULT_KERNEL).build(),
                LaunchOptions.builder().setBoot(BootMode.COLD).build()) /* the boot's own console */) {
            qemuPid = ProcessHandle.current().descendants()
                    .filter(p -> commandLine(p).contains("ignite-" + vm.id())).findFirst().orElseThrow().pid();
            List<String> followed = new CopyOnWriteArrayList<>();
            CompletableFuture<Long> follow = CompletableFuture.supplyAsync(() -> vm.serialLog().follow(0, followed::add));

            Console console = vm.console();
            String hostname = vm.hostname();
            assertThat(console.expect("login:", WAIT)).isEqualTo(hostname + " login: ");
            console.sendLine("root");
            console.expect("Password:", WAIT);
            console.sendLine("root");
            assertThat(console.expect(Pattern.compile("# $"), WAIT)).isEqualTo("root@" + hostname + ":~# ");

            console.sendLine("echo console-$((6*7))");
            assertThat(console.expect("console-42", WAIT)).isEqualTo("console-42");
            // Longer than the UART's 16-byte FIFO: send() returns only once QEMU has taken all of it.
            console.sendLine("echo " + "x".repeat(300) + " | wc -c");
            assertThat(console.expect(Pattern.compile("^\\s*301$"), WAIT).strip()).isEqualTo("301");

            // The cursor moved past every match: an old line is not found again, and the wait says why.
            assertThatThrownBy(() -> console.expect("console-42", Duration.ofMillis(500)))
                    .isInstanceOf(IgniteException.class)
                    .hasMessageContaining("printed no line matching /\\Qconsole-42\\E/ within 0.5 s")
                    .hasMessageContaining("--- console (last lines) ---\n")
                    .hasMessageContaining("| wc -c");

            // The log holds the whole boot and the session, though nobody was attached in between.
            String log = vm.serialLog().text().replace("\r", "");
            assertThat(log).contains("ignite-init: loaded", "ignite-init: switch_root to /sbin/init",
                    hostname + " login: root", "root@" + hostname + ":~# ", "\nconsole-42\n");

            vm.stop();
            long end = follow.get(10, TimeUnit.SECONDS);
            assertThat(end).isEqualTo(vm.serialLog().file().toFile().length());
            assertThat(followed).contains("console-42").anyMatch(l -> l.contains("ignite-init: switch_root to"));
            assertThatThrownBy(() -> console.send("ls\n")).hasMessageContaining("is not running");
        }
        assertThat(ProcessHandle.of(qemuPid).filter(ProcessHandle::isAlive)).isEmpty();
    }

    private static String commandLine(ProcessHandle p) {
        return p.info().arguments().map(args -> String.join(" ", args)).orElse("");
    }
}
