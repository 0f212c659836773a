package dev.ignite.engine.vmm.qemu;

import dev.ignite.engine.host.Accelerator;
import dev.ignite.engine.vmm.ExtraDisk;
import dev.ignite.engine.vmm.LaunchPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Paths handed to QEMU stay paths: a comma in a name cannot add an option of its own. */
class QemuOptionEscapingTest {
    @TempDir
    Path tmp;

    @Test
    void commasInPathsAreEscapedForQemu() throws IOException {
        Path volume = volume("a,snapshot=on.img");
        List<String> args = QemuCommandLine.of("qemu-system-x86_64", plan(tmp.resolve("run,x"), volume), Accelerator.KVM);

        assertThat(args).contains("id=vol0,file=" + tmp + "/a,,snapshot=on.img,format=raw,if=none,read-only=on");
        assertThat(args).anyMatch(a -> a.startsWith("socket,id=console,path=" + tmp + "/run,,x/console.sock,"));
        assertThat(args).contains("unix:" + tmp + "/run,,x/control.sock,server=on,wait=off");
    }

    @Test
    void qemuItselfReadsTheEscapedNameAsOneFileWithoutSnapshot() throws Exception {
        Path qemu = Path.of("/usr/bin/qemu-system-x86_64");
        assumeTrue(Files.isExecutable(qemu), "QEMU is not installed (apt-get install qemu-system-x86)");
        Path volume = volume("a,snapshot=on.img");
        List<String> args = QemuCommandLine.of(qemu.toString(), plan(tmp.resolve("run"), volume), Accelerator.KVM);
        String drive = args.get(args.indexOf("id=vol0,file=" + QemuCommandLine.value(volume) + ",format=raw,if=none,read-only=on"));

        // Only the volume's -drive, on a machine with nothing else: QEMU parses it and lists what it opened.
        List<String> probe = new ArrayList<>(List.of(qemu.toString(), "-M", "none", "-nodefaults", "-display", "none",
                "-S", "-monitor", "stdio", "-drive", drive));
        Process process = new ProcessBuilder(probe).redirectErrorStream(true).start();
        process.getOutputStream().write("info block\nquit\n".getBytes());
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        // e.g. "vol0 (#block110): /tmp/…/a,snapshot=on.img (raw, read-only)"; with snapshot=on it would be a temporary qcow2
        assertThat(output).as(output).containsPattern("vol0 \\(#block\\d+\\): " + java.util.regex.Pattern.quote(volume.toString())
                + " \\(raw, read-only\\)");
        assertThat(process.exitValue()).as(output).isZero();
    }

    private Path volume(String name) throws IOException {
        Path file = tmp.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(1 << 20);
        }
        return file;
    }

    private LaunchPlan plan(Path runDir, Path volume) {
        return LaunchPlan.builder("test", runDir)
                .setKernel(tmp.resolve("vmlinuz"), tmp.resolve("initramfs"), "console=ttyS0")
                .setDisks(tmp.resolve("root.img"), tmp.resolve("config.img"), List.of(new ExtraDisk(volume, "vol0", true)))
                .setMachine(1, 256)
                .build();
    }
}
