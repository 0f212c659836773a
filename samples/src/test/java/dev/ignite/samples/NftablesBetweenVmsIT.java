package dev.ignite.samples;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.vm.Vm;
import dev.ignite.junit.IgniteTest;
import dev.ignite.junit.MicroVM;
import dev.ignite.junit.VmWaits;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * nftables between two VMs on one vde network: Debian's nftables package in {@code ignite/debian}
 * guards its SSH port; the tiny peer reaches it by name, then no longer once a rule drops the
 * peer's packets, then again once the rule is gone. The test's own SSH comes over the user network
 * and is never filtered.
 */
@IgniteTest
@EnabledIf(value = "dev.ignite.samples.SystemdServiceIT#debianImageAvailable",
        disabledReason = "ignite/debian is not in the store and mmdebstrap, which builds it, is not installed")
class NftablesBetweenVmsIT {
    @MicroVM(name = "guarded", image = Ignite.DEBIAN_IMAGE, memoryMib = 512, network = "samples-nft",
            waitForUnits = "multi-user.target", startupTimeoutSeconds = 180)
    static Vm guarded;

    @MicroVM(name = "peer", network = "samples-nft")
    static Vm peer;

    @TempDir
    static Path work;

    @BeforeAll
    static void installNftables() throws IOException {
        // kmod brings insmod (Debian's minbase has none); the image has no /lib/modules of this kernel.
        GuestSetup.installDebianPackages(guarded, work, "kmod", "nftables", "libnftables1", "libnftnl11",
                "libjansson4");
        GuestSetup.loadModules(guarded, "lib/libcrc32c.ko", "net/netfilter/nfnetlink.ko",
                "net/netfilter/nf_tables.ko");
    }

    /** The peer reads the SSH banner of {@code guarded} (busybox nc; timeout bounds a dropped connect). */
    private static String bannerSeenByThePeer() {
        return peer.exec("sleep 1 | timeout 5 nc guarded 22; exit 0").stdout();
    }

    @Test
    void aPortOpenThenFilteredThenOpenAgainAsThePeerSeesIt() {
        assertThat(bannerSeenByThePeer()).startsWith("SSH-2.0-OpenSSH");

        guarded.execOrFail("nft add table inet sample"
                + " && nft 'add chain inet sample input { type filter hook input priority 0; policy accept; }'"
                + " && nft add rule inet sample input ip saddr $(getent hosts peer | cut -d' ' -f1) tcp dport 22 drop");

        assertThat(guarded.execOrFail("nft list ruleset").stdout()).contains("tcp dport 22 drop");
        assertThat(bannerSeenByThePeer()).as("filtered").isEmpty();

        guarded.execOrFail("nft delete table inet sample");
        VmWaits.commandSucceeds(peer, "sleep 1 | timeout 5 nc guarded 22 | grep -q SSH-2.0");
    }
}
