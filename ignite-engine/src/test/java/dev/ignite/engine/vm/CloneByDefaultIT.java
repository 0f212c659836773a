package dev.ignite.engine.vm;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.TestEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain launch is a clone of the template for its image, kernel and machine; what is each VM's own
 * (name, randomness, clock, environment, copied files, disk writes) is applied after the restore.
 */
class CloneByDefaultIT {
    private static Ignite ignite;

    @BeforeAll
    static void defaults() {
        ignite = TestEngine.openWithDefaults();
    }

    private static VmSpec.Builder tiny() {
        return SnapshotIT.tiny().setMemoryMib(160);
    }

    @Test
    void twoPlainLaunchesAreClonesOfOneTemplateEachWithItsOwnIdentity(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("greeting"), "hello from the host\n");
        try (Vm first = ignite.launch(tiny().putEnv("ROLE", "first one").build());
             Vm second = ignite.launch(tiny().putEnv("ROLE", "second").addCopyFile(new FileCopy(file, "/root/greeting"))
                     .build())) {
            assertThat(first.record().snapshotId()).as("a clone by default").isNotNull()
                    .isEqualTo(second.record().snapshotId());

            assertThat(first.exec("hostname").stdout().strip()).isEqualTo(first.hostname());
            assertThat(second.exec("hostname; cat /etc/hostname").stdout())
                    .isEqualTo(second.hostname() + "\n" + second.hostname() + "\n");
            assertThat(first.exec("grep ^ROLE= /etc/environment").stdout()).isEqualTo("ROLE=first one\n");
            assertThat(second.exec("grep ^ROLE= /etc/environment").stdout()).isEqualTo("ROLE=second\n");
            assertThat(second.exec("cat /root/greeting").stdout()).isEqualTo("hello from the host\n");
            assertThat(first.exec("test -e /root/greeting").exitCode()).as("only the VM that asked has it").isEqualTo(1);

            String randomBytes = "head -c 16 /dev/urandom | od -An -tx1";
            assertThat(first.exec(randomBytes).stdout()).isNotEqualTo(second.exec(randomBytes).stdout());
            for (Vm vm : new Vm[] {first, second}) {
                long before = Instant.now().getEpochSecond();
                long guest = Long.parseLong(vm.exec("date +%s").stdout().strip());
                long after = Instant.now().getEpochSecond();
                assertThat(guest).as("clock of %s within 1 s of the host's", vm.name()).isBetween(before - 1, after + 1);
            }

            first.execOrFail("echo mine >/root/own && sync");
            assertThat(second.exec("test -e /root/own").exitCode()).as("a clone's writes stay its own").isEqualTo(1);
            try (Vm third = ignite.launch(tiny().build())) {
                assertThat(third.exec("test -e /root/own || test -e /root/greeting").exitCode())
                        .as("nor do they reach the template").isEqualTo(1);
            }
        }
    }

    @Test
    void coldOnRequestAndAVmThatCannotBeACloneBootsColdSayingWhyOnce(@TempDir Path tmp) throws IOException {
        try (Vm cold = ignite.launch(tiny().build(), LaunchOptions.builder().setBoot(BootMode.COLD).build())) {
            assertThat(cold.record().snapshotId()).as("asked to boot cold").isNull();
            assertThat(cold.serialLog().text()).contains("ignite-init: switch_root to");
        }
        Path volume = tmp.resolve("data.ext4");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(volume.toFile(), "rw")) {
            f.setLength(8 << 20);
        }
        dev.ignite.engine.host.HostCommand.check(dev.ignite.engine.host.HostTool.MKFS_EXT4, "-q", volume.toString());
        VmSpec withVolume = tiny().addVolume(Volume.parse(volume + ":/data")).build();
        try (Vm vm = ignite.launch(withVolume)) {
            assertThat(vm.record().snapshotId()).as("volumes: a cold boot").isNull();
            assertThat(vm.exec("grep -q ' /data ' /proc/mounts").exitCode()).isZero();
        }
        assertThat(CloneEligibility.whyNot(withVolume)).hasValueSatisfying(why -> assertThat(why).contains("volumes"));
        assertThat(CloneEligibility.tellOnce(withVolume, CloneEligibility.whyNot(withVolume).orElseThrow()))
                .as("the launch said why already; said once per reason").isFalse();
    }
}
