package dev.ignite.engine.vm;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.TestEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Clones restored from one snapshot: each its own VM, with its own disk, name, entropy and clock. */
class SnapshotIT {
    private static Ignite ignite;

    @BeforeAll
    static void defaults() {
        ignite = TestEngine.openWithDefaults();
    }

    static VmSpec.Builder tiny() {
        return VmSpec.builder(Ignite.DEFAULT_IMAGE, Ignite.DEFAULT_KERNEL).setMemoryMib(192);
    }

    @Test
    void clonesOfOneSnapshotAreSeparateVmsWithTheirOwnIdentity() {
        List<String> warmup = List.of("echo warmed >/root/warmup", "echo in-memory >/tmp/warm");
        try (Vm first = ignite.launch(tiny().build(), LaunchOptions.builder().setBoot(BootMode.CLONE).setWarmup(warmup).build());
             Vm second = ignite.launch(tiny().build(), LaunchOptions.builder().setBoot(BootMode.CLONE).setWarmup(warmup).build())) {
            assertThat(first.record().snapshotId()).isNotNull().isEqualTo(second.record().snapshotId());
            assertThat(ignite.vms().snapshots().list()).extracting(Snapshot::id).containsOnlyOnce(first.record().snapshotId());

            assertThat(first.exec("cat /root/warmup").stdout()).as("warm-up ran before the save").isEqualTo("warmed\n");
            assertThat(first.exec("hostname").stdout().strip()).isEqualTo(first.hostname());
            assertThat(second.exec("hostname").stdout().strip()).isEqualTo(second.hostname());
            String secondName = second.hostname();
            assertThat(second.exec("cat /etc/hostname; grep '^127.0.1.1' /etc/hosts").stdout())
                    .isEqualTo(secondName + "\n127.0.1.1 " + secondName + "\n");
            String firstName = first.hostname();
            assertThat(second.exec("cat /etc/hosts").stdout()).as("the other lines of /etc/hosts kept")
                    .isEqualTo(first.exec("cat /etc/hosts").stdout().replace(firstName, secondName));
            String randomBytes = "head -c 16 /dev/urandom | od -An -tx1";
            assertThat(first.exec(randomBytes).stdout()).as("clones do not share their random numbers")
                    .isNotEqualTo(second.exec(randomBytes).stdout());
            long guestSeconds = Long.parseLong(first.exec("date +%s").stdout().strip());
            assertThat(guestSeconds).as("clock set from the host at restore")
                    .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(10L));

            first.exec("echo mine >/root/own");
            assertThat(second.exec("test -e /root/own").exitCode()).as("disks are copy-on-write, per clone").isEqualTo(1);
            assertThat(second.exec("cat /tmp/warm").stdout())
                    .as("/tmp is a tmpfs: its file survives only in restored memory, not a cold boot")
                    .isEqualTo("in-memory\n");

            first.stop(Duration.ofSeconds(20));
            first.start();
            assertThat(first.exec("cat /root/own").stdout()).as("after a stop a clone boots from its own disk")
                    .isEqualTo("mine\n");
            assertThat(first.exec("test -e /tmp/warm").exitCode()).as("a cold boot this time").isEqualTo(1);
            assertThat(first.exec("hostname").stdout().strip()).isEqualTo(first.hostname());
        }
    }

    @Test
    void aWarmPoolHandsOverRestoredClonesAndRemovesTheIdleOnesWhenClosed() throws Exception {
        // Only this test's VMs count: the store may hold others, such as a detached VM a killed run left.
        Set<String> before = ids();
        Set<String> poolVms;
        LaunchOptions fromPool = LaunchOptions.builder().setBoot(BootMode.CLONE).setWarmPool(2).build();
        try (Ignite engine = Ignite.open(ignite.home())) { // its pools close with it
            try (Vm first = engine.launch(tiny().build(), fromPool); Vm second = engine.launch(tiny().build(), fromPool)) {
                assertThat(first.exec("echo ready").stdout()).isEqualTo("ready\n");
                assertThat(second.exec("hostname").stdout().strip()).isEqualTo(second.hostname());
                assertThat(first.id()).isNotEqualTo(second.id());
            }
            Thread.sleep(3000); // the pool refills behind the takes
            poolVms = ids();
            poolVms.removeAll(before);
            assertThat(poolVms).as("refilled to 2 idle clones, or on the way").isNotEmpty();
            assertThatThrownBy(() -> engine.launch(tiny().setName("named").build(), fromPool))
                    .hasMessageContaining("cannot come from a warm pool");
        }
        assertThat(ids()).as("idle clones removed with the pool").doesNotContainAnyElementsOf(poolVms);
    }

    private static Set<String> ids() {
        return ignite.vms().list().stream().map(VmRecord::id).collect(Collectors.toCollection(HashSet::new));
    }

    @Test
    void aDifferentMachineGetsItsOwnTemplateAndWhatIsEachVmsOwnDoesNot() {
        SnapshotKey small = ignite.vms().snapshotKey(tiny().build(), List.of());
        SnapshotKey bigger = ignite.vms().snapshotKey(tiny().setMemoryMib(256).build(), List.of());
        SnapshotKey warmed = ignite.vms().snapshotKey(tiny().build(), List.of("true"));
        SnapshotKey renamed = ignite.vms().snapshotKey(tiny().setName("other").putLabel("a", "b").build(), List.of());
        SnapshotKey ownSettings = ignite.vms().snapshotKey(tiny().putEnv("A", "1")
                .addCopyFile(new FileCopy(java.nio.file.Path.of("pom.xml"), "/root/pom.xml")).build(), List.of());
        assertThat(small.id()).isNotEqualTo(bigger.id()).isNotEqualTo(warmed.id()).isEqualTo(renamed.id())
                .as("environment and copied files are applied after restore: one template serves them all")
                .isEqualTo(ownSettings.id());

        SnapshotKey onLab = ignite.vms().snapshotKey(tiny().setNetwork("lab").build(), List.of());
        SnapshotKey onOther = ignite.vms().snapshotKey(tiny().setNetwork("vde:other").build(), List.of());
        assertThat(onLab.id()).as("a shared NIC is another machine").isNotEqualTo(small.id())
                .as("which network is the clone's own").isEqualTo(onOther.id());
    }
}
