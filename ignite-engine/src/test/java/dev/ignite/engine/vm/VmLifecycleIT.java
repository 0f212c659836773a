package dev.ignite.engine.vm;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.TestEngine;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.host.HostCommand;
import dev.ignite.engine.host.HostTool;
import dev.ignite.engine.store.FileTrees;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One VM through its whole life, each state checked against the store and the real QEMU process. */
class VmLifecycleIT {
    private static Ignite ignite;

    @TempDir
    Path tmp;

    @BeforeAll
    static void defaults() {
        ignite = TestEngine.openWithDefaults();
    }

    @AfterAll
    static void nothingLeft() {
        assertThat(ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("").contains("qemu")))
                .isEmpty();
    }

    private static VmSpec.Builder tiny() {
        return VmSpec.builder(Ignite.DEFAULT_IMAGE, Ignite.DEFAULT_KERNEL).setMemoryMib(192);
    }

    @Test
    void stopStartRestartKillAndAnOutsideKillAreAllSeenAsTheyHappened() {
        try (Vm vm = ignite.launch(tiny().build())) {
            assertThat(vm.exec("echo kept >/root/mark").exitCode()).isZero();

            vm.stop(Duration.ofSeconds(20));
            assertThat(vm.state()).isEqualTo(VmState.STOPPED);
            assertThat(vm.stateReason()).as("a graceful stop needs no force").isNull();
            assertThat(vm.serialLog().text()).contains("reboot: Power down");
            assertThat(ignite.vms().get(vm.id()).state()).isEqualTo(VmState.STOPPED);

            vm.start();
            assertThat(vm.exec("cat /root/mark").stdout()).as("the disk outlives a stop").isEqualTo("kept\n");

            long before = vm.record().pid();
            vm.restart();
            assertThat(vm.record().pid()).isNotEqualTo(before);
            assertThat(vm.exec("cat /root/mark").exitCode()).isZero();

            vm.kill();
            assertThat(vm.state()).isEqualTo(VmState.STOPPED);
            assertThat(vm.stateReason()).isEqualTo("killed");

            vm.start();
            ProcessHandle qemu = ProcessHandle.of(vm.record().pid()).orElseThrow();
            qemu.destroyForcibly(); // like `kill -9` from another terminal
            qemu.onExit().join();
            // Another process's view (the CLI's `ps`) and the handle's own both see it.
            assertThat(Ignite.open(ignite.home()).vms().get(vm.id()).state()).isEqualTo(VmState.FAILED);
            assertThat(vm.state()).isEqualTo(VmState.FAILED);
            assertThat(vm.stateReason()).contains("ended without being stopped");
        }
    }

    @Test
    void aRunningVmIsRemovedOnlyWhenForced() {
        Vm vm = ignite.launch(tiny().build());
        Path folder = vm.record().folder();
        try {
            assertThatThrownBy(() -> ignite.vms().remove(vm.name(), false))
                    .isInstanceOf(IgniteException.class)
                    .hasMessageContaining("is running").hasMessageContaining("ignite rm -f " + vm.name());
            assertThat(ignite.vms().find(vm.id())).isPresent();

            ignite.vms().remove(vm.name(), true);
            assertThat(ignite.vms().find(vm.id())).isEmpty();
            assertThat(Files.exists(folder)).isFalse();
            assertThat(vm.state()).isEqualTo(VmState.FAILED);
        } finally {
            vm.close();
        }
    }

    @Test
    void filesAreCopiedInAndTheDiskIsGrownToTheAskedSize() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("conf/sub"));
        Files.writeString(dir.resolve("app.conf"), "answer=42\n");
        Path script = Files.writeString(tmp.resolve("hello.sh"), "#!/bin/sh\necho hello\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Path key = Files.writeString(tmp.resolve("key"), "secret\n");
        VmSpec spec = tiny().setDiskSizeMib(1024)
                .addCopyFile(new FileCopy(tmp.resolve("conf"), "/etc/app"))
                .addCopyFile(new FileCopy(script, "/root/bin/hello.sh"))
                .addCopyFile(new FileCopy(key, "/root/.ssh/extra-key"))
                .build();

        try (Vm vm = ignite.launch(spec)) {
            assertThat(vm.exec("cat /etc/app/sub/app.conf").stdout()).isEqualTo("answer=42\n");
            assertThat(vm.exec("/root/bin/hello.sh").stdout()).isEqualTo("hello\n");
            assertThat(vm.exec("stat -c '%a %u:%g' /root/bin/hello.sh /etc/app/sub/app.conf /root/.ssh").stdout())
                    .as("modes kept, root-owned, and folders above a copy keep their modes")
                    .isEqualTo("750 0:0\n644 0:0\n700 0:0\n");
            long rootKib = Long.parseLong(vm.exec("df -k / | awk 'NR==2 {print $2}'").stdout().strip());
            assertThat(rootKib).as("root filesystem grown to about 1 GiB").isBetween(900_000L, 1_048_576L);
        }
    }

    @Test
    void volumesAreMountedWhereAskedAndWritesReachTheHostFile() throws Exception {
        Path content = Files.createDirectories(tmp.resolve("volume"));
        Files.writeString(content.resolve("hello.txt"), "from the host\n");
        Path data = tmp.resolve("data.ext4");
        Path readOnly = tmp.resolve("ro.ext4");
        for (Path disk : List.of(data, readOnly)) {
            HostCommand.check(HostTool.MKFS_EXT4, "-q", "-F", "-t", "ext4", "-d", content.toString(), disk.toString(), "8M");
        }
        VmSpec spec = tiny().addVolume(Volume.parse(data + ":/mnt/data"))
                .addVolume(Volume.parse(readOnly + ":/srv/ro:ro")).build();

        try (Vm vm = ignite.launch(spec)) {
            assertThat(vm.exec("cat /mnt/data/hello.txt /srv/ro/hello.txt").stdout())
                    .isEqualTo("from the host\nfrom the host\n");
            assertThat(vm.exec("echo from the guest >/mnt/data/new.txt && sync").exitCode()).isZero();
            assertThat(vm.exec("touch /srv/ro/nope").exitCode()).as("read-only volume").isNotZero();
        }
        assertThat(HostCommand.check(HostTool.DEBUGFS, "-R", "cat /new.txt", data.toString()).stdout())
                .isEqualTo("from the guest\n");
        assertThatThrownBy(() -> created(ignite, tiny().addVolume(Volume.parse(tmp.resolve("absent") + ":/x")).build()))
                .hasMessageContaining("is not a file or block device");
        assertThatThrownBy(() -> Volume.parse("data.ext4")).hasMessageContaining("HOST_FILE:GUEST_MOUNT_POINT");
    }

    @Test
    void aCorruptRecordIsSkippedNotFatal() throws Exception {
        Path broken = Files.createDirectories(ignite.home().vms().resolve("0000corrupt0000"));
        try {
            Files.writeString(broken.resolve("vm.json"), "{ \"kind\" : \"VM\", ");
            int before = ignite.vms().list().size(); // no exception: reported by path and skipped
            try (Vm vm = created(ignite, tiny().build())) {
                assertThat(ignite.vms().list()).hasSize(before + 1).extracting(VmRecord::id).contains(vm.id());
            }
        } finally {
            FileTrees.deleteRecursively(broken);
        }
    }

    @Test
    void badSpecsAreRefusedBeforeAnythingIsMade() {
        int before = ignite.vms().list().size();
        assertThatThrownBy(() -> created(ignite, tiny().setDiskSizeMib(1).build()))
                .hasMessageContaining("disk size 1 MiB is smaller than image");
        assertThatThrownBy(() -> created(ignite, tiny().addCopyFile(new FileCopy(tmp.resolve("absent"), "/x")).build()))
                .hasMessageContaining("no such file or folder");
        assertThatThrownBy(() -> FileCopy.parse("/etc/passwd"))
                .hasMessageContaining("is not HOST_PATH:GUEST_PATH");
        assertThatThrownBy(() -> tiny().setMemoryMib(64).build()).hasMessageContaining("at least 128 MiB");
        assertThatThrownBy(() -> ignite.vms().get("no-such-vm")).isInstanceOf(VmNotFoundException.class);
        assertThatThrownBy(() -> created(ignite, VmSpec.builder("no/such-image", Ignite.DEFAULT_KERNEL).build()))
                .hasMessageContaining("no/such-image");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            VmSpec clash = tiny().addPort(new PortMapping("127.0.0.1", taken.getLocalPort(), 80)).build();
            assertThatThrownBy(() -> ignite.launch(clash)).hasMessageContaining(Integer.toString(taken.getLocalPort()))
                    .hasMessageContaining("in use");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertThat(ignite.vms().list()).hasSize(before);
    }

    /** Made, not started: the launch path with start off. */
    private static Vm created(Ignite ignite, VmSpec spec) {
        return ignite.launch(spec, LaunchOptions.builder().setStart(false).build());
    }
}
