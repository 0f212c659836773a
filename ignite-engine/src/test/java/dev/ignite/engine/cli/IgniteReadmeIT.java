package dev.ignite.engine.cli;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.TestEngine;
import dev.ignite.engine.host.HostTools;
import dev.ignite.engine.kernel.Kernel;
import dev.ignite.engine.oci.ImagePacker;
import dev.ignite.engine.vm.VmRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The "How to use" sequence of Ignite's README, driven through the CLI in process against real VMs,
 * with our image and kernel names: images, kernels, run --name, ps, logs, exec, ssh, cp, inspect,
 * stop, start, kill, rm, `run --rm IMAGE KERNEL CMD`; then build (an image and a kernel image),
 * rmi and rmk, refused while a VM uses them. One VM at a time; nothing is left running, pass or fail.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IgniteReadmeIT {
    private static final String IMAGE = Ignite.DEFAULT_IMAGE;
    private static final String KERNEL = Ignite.DEFAULT_KERNEL;
    private static final String VM = "readme-it-" + ProcessHandle.current().pid();

    private static Ignite ignite;
    private static String id;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void defaults() {
        ignite = TestEngine.openWithDefaults();
    }

    @Test
    @Order(1)
    void imagesAndKernelsListTheDefaults() {
        CliRun images = ok("images");
        assertThat(images.out().lines().findFirst()).hasValueSatisfying(h -> assertThat(h).startsWith("IMAGE ID"));
        assertThat(images.out()).contains(IMAGE);
        assertThat(ok("images", "-q").out()).contains(ignite.images().get(IMAGE).id() + "\n");
        CliRun kernels = ok("kernels");
        assertThat(kernels.out()).startsWith("KERNEL ID").contains(KERNEL);
        assertThat(ok("kernels", "-o", "json").out()).contains("\"kind\" : \"Kernel\"", "\"name\" : \"" + KERNEL + "\"");
    }

    @Test
    @Order(2)
    void runByNameInTheBackground() {
        CliRun run = ok("run", "--cold", IMAGE, KERNEL, "--name", VM, "--memory", "256M", "--label", "suite=readme");
        id = run.out().strip();
        assertThat(id).matches("[0-9a-f]{16}");
        assertThat(record()).hasValueSatisfying(vm -> assertThat(vm.detached()).isTrue());
    }

    @Test
    @Order(3)
    void psShowsTheRunningVm() {
        assertThat(ok("ps").out()).contains(VM, id, "Running", "127.0.0.1:");
        assertThat(ok("ps", "-q").out()).contains(id + "\n");
        assertThat(ok("ps", "--filter", "label=suite=readme", "--format", "{{.Name}} {{.State}} {{.Image}}").out())
                .isEqualTo(VM + " Running " + IMAGE + "\n");
        assertThat(ok("ps", "--filter", "state=stopped", "--filter", "name=" + VM).out().lines()).hasSize(1);
    }

    @Test
    @Order(4)
    void logsShowTheBoot() {
        String all = ok("logs", VM).out();
        assertThat(all).contains("ignite-init: switch_root to");
        String lastTwo = ok("logs", "--tail", "2", VM).out();
        assertThat(lastTwo.replace("\r", "").lines()).as("lines as a terminal shows them").hasSize(2);
        assertThat(all).endsWith(lastTwo);
        CliRun negative = cli("logs", "--tail", "-1", VM);
        assertThat(negative.exitCode()).isEqualTo(2);
        assertThat(negative.err()).contains("--tail takes a number of lines");
    }

    @Test
    @Order(5)
    void execExitsWithTheGuestCommandsCode() {
        assertThat(ok("exec", VM, "uname", "-s").out()).isEqualTo("Linux\n");
        CliRun failing = cli("exec", VM, "echo out; echo err >&2; exit 3");
        assertThat(failing.exitCode()).as(failing.toString()).isEqualTo(3);
        assertThat(failing.out()).isEqualTo("out\n");
        assertThat(failing.err()).isEqualTo("err\n");
        assertThat(ok("exec", "-e", "GREETING=hi there", "-w", "/tmp", id.substring(0, 8), "echo $GREETING in $(pwd)")
                .out()).isEqualTo("hi there in /tmp\n");
    }

    @Test
    @Order(6)
    void sshRunsACommandWithTheStoreKey() {
        assumeTrue(HostTools.find("ssh").isPresent(), "no ssh client on this host");
        assertThat(ok("ssh", VM, "hostname").out()).isEqualTo(VM + "\n");
        assertThat(cli("ssh", VM, "exit 5").exitCode()).isEqualTo(5);
    }

    @Test
    @Order(7)
    void cpCopiesBothWays() throws IOException {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "copied by ignite cp\n");
        ok("cp", file.toString(), VM + ":/tmp");
        assertThat(ok("exec", VM, "cat /tmp/notes.txt").out()).isEqualTo("copied by ignite cp\n");
        Path back = Files.createDirectory(tmp.resolve("back"));
        ok("cp", VM + ":/etc/hostname", back.toString());
        assertThat(back.resolve("hostname")).hasContent(VM);
    }

    @Test
    @Order(8)
    void inspectPrintsTheStoredObjects() {
        assertThat(ok("inspect", VM).out()).contains("\"kind\" : \"VM\"", "\"name\" : \"" + VM + "\"",
                "\"state\" : \"RUNNING\"", "\"suite\" : \"readme\"");
        assertThat(ok("inspect", "-o", "yaml", VM).out()).contains("kind: VM", "name: " + VM, "memoryMib: 256");
        assertThat(ok("inspect", "--type", "image", IMAGE).out()).contains("\"kind\" : \"Image\"");
        CliRun missing = cli("inspect", "no-such-thing");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("ignite: no VM, image or kernel with the name or ID prefix"
                + " 'no-such-thing': see `ignite ps -a`, `ignite images`, `ignite kernels`\n");
    }

    @Test
    @Order(9)
    void stopThenStartAgain() {
        long qemu = record().orElseThrow().pid();
        assertThat(ok("stop", VM).out()).isEqualTo(VM + "\n");
        assertThat(ProcessHandle.of(qemu).map(ProcessHandle::isAlive).orElse(false)).as("QEMU after stop").isFalse();
        assertThat(ok("ps").out()).doesNotContain(VM);
        assertThat(ok("ps", "-a", "--filter", "name=" + VM, "--format", "{{.State}}").out()).isEqualTo("Stopped\n");
        ok("start", VM);
        assertThat(ok("exec", VM, "echo back").out()).isEqualTo("back\n");
    }

    @Test
    @Order(10)
    void killThenRm() {
        long qemu = record().orElseThrow().pid();
        ok("kill", VM);
        assertThat(ProcessHandle.of(qemu).map(ProcessHandle::isAlive).orElse(false)).as("QEMU after kill").isFalse();
        assertThat(ok("ps", "-a", "--filter", "name=" + VM, "--format", "{{.State}} {{.Note}}").out())
                .isEqualTo("Stopped killed\n");
        assertThat(ok("rm", VM).out()).isEqualTo(VM + "\n");
        assertThat(record()).isEmpty();
        CliRun again = cli("rm", VM);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("ignite: no VM with the name or ID prefix '" + VM + "': list VMs with"
                + " `ignite ps -a`\n");
    }

    @Test
    @Order(11)
    void runWithACommandExitsWithItsCodeAndRmLeavesNothing() {
        CliRun run = cli("run", "--rm", "--name", VM, IMAGE, KERNEL, "echo from $(hostname); exit 4");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
        assertThat(run.out()).isEqualTo("from " + VM + "\n");
        assertThat(record()).isEmpty();
    }

    @AfterAll
    static void removeTheVm() {
        if (ignite != null && record().isPresent()) {
            ignite.vms().remove(VM, true);
        }
    }

    @Test
    @Order(20)
    void buildRmiAndRmkWithAVmInTheWay() throws IOException {
        Path appTree = Files.createDirectories(tmp.resolve("app/etc"));
        Files.writeString(appTree.resolve("app.conf"), "built by ignite build\n");
        Path appArchive = tmp.resolve("app.oci.tar");
        ImagePacker.pack(tmp.resolve("app"), "readme/app:1", List.of(), Map.of(), appArchive);
        Path kernelArchive = kernelArchive();

        String imageId = ok("build", "oci-archive:" + appArchive, "--name", "readme/app").out().strip();
        assertThat(ok("images").out()).contains("readme/app", imageId);
        String kernelId = ok("build", "oci-archive:" + kernelArchive, "--import-kernel", "readme-kernel").out().strip();
        assertThat(ok("kernels").out()).contains("readme-kernel",
                ignite.kernels().get(KERNEL).version());

        ok("create", "readme/app", "readme-kernel", "--name", VM + "-user");
        CliRun rmi = cli("rmi", "readme/app");
        assertThat(rmi.exitCode()).isEqualTo(1);
        assertThat(rmi.err()).contains(VM + "-user").contains("-f");
        assertThat(cli("rmk", "readme-kernel").exitCode()).isEqualTo(1);

        ok("rm", VM + "-user");
        assertThat(ok("rmi", "readme/app").out()).contains("readme/app");
        assertThat(ok("rmk", "readme-kernel").out()).contains("readme-kernel");
        assertThat(ignite.images().find(imageId)).isEmpty();
        assertThat(ignite.kernels().find(kernelId)).isEmpty();
        assertThat(ignite.kernels().find(KERNEL)).as("the default kernel keeps its name").isPresent();
    }

    /** A kernel image made from the default kernel's files: its binary, config and just the virtio modules. */
    private static Path kernelArchive() throws IOException {
        Kernel kernel = ignite.kernels().get(KERNEL);
        Path tree = tmp.resolve("kernel");
        Path boot = Files.createDirectories(tree.resolve("boot"));
        Files.copy(kernel.kernelImage(), boot.resolve("vmlinuz-" + kernel.version()));
        Files.copy(kernel.folder().resolve("config"), boot.resolve("config-" + kernel.version()));
        Path modules = tree.resolve("lib/modules/" + kernel.version());
        try (var files = Files.walk(kernel.modules())) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches(".*(virtio|failover).*\\.ko.*")).toList()) {
                Path target = modules.resolve(kernel.modules().relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
        Files.writeString(tree.resolve("boot/readme-marker"), "not the default kernel's digest\n");
        Path archive = tmp.resolve("kernel.oci.tar");
        ImagePacker.pack(tree, "readme/kernel:1", List.of(), Map.of(), archive);
        return archive;
    }

    private static Optional<VmRecord> record() {
        return ignite.vms().list().stream().filter(vm -> VM.equals(vm.name())).findFirst();
    }

    private static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    private static CliRun ok(String... args) {
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as("ignite " + String.join(" ", args) + "\n" + run).isZero();
        return run;
    }
}
