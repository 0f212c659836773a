package dev.ignite.samples;

import dev.ignite.engine.access.ExecResult;
import dev.ignite.engine.vm.Vm;
import dev.ignite.junit.IgniteTest;
import dev.ignite.junit.MicroVM;
import dev.ignite.junit.VmWaits;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two VMs on one vde network: one, named {@code web} with the alias {@code www}, serves HTTP with
 * busybox httpd; the other fetches it by those names. Then the server's cable is pulled (link down
 * from Java) and plugged back in: the kind of partition a resilience test of clustered software needs.
 */
@IgniteTest
class HttpBetweenVmsIT {
    @MicroVM(name = "web", aliases = "www", network = "samples-web")
    static Vm server;

    @MicroVM(network = "samples-web")
    static Vm client;

    @BeforeAll
    static void serveAPage() {
        server.execOrFail("mkdir -p /srv/www && echo 'hello from '$(hostname) > /srv/www/index.html"
                + " && (httpd -p 80 -h /srv/www &)");
        VmWaits.portOpen(server, 80);
    }

    /** By the server's alias; its name would do as well. */
    private static String serverUrl() {
        return "http://www/index.html";
    }

    private static ExecResult fetch() {
        // busybox 1.35's wget crashes with -T here; timeout(1) bounds the fetch instead. It signals the
        // process it became, so that must not be the session's shell: hence the trailing exit.
        return client.exec("timeout 5 wget -q -O - " + serverUrl() + "; exit $?");
    }

    @Test
    void theClientFetchesThePageByTheServersNameAndAlias() {
        ExecResult page = fetch();

        assertThat(page.exitCode()).as(page.toString()).isZero();
        assertThat(page.stdout().strip()).isEqualTo("hello from web");
        assertThat(client.execOrFail("timeout 5 wget -q -O - http://" + server.hostname() + "/index.html; exit $?")
                .stdout().strip()).isEqualTo("hello from web");
    }

    @Test
    void aPulledCableCutsTheServerOffUntilItIsPluggedBackIn() {
        server.network().down();
        try {
            assertThat(fetch().exitCode()).isNotZero();
            // SSH runs on the user network, so the test still controls the cut-off VM.
            assertThat(server.execOrFail("cat /sys/class/net/eth1/carrier").stdout().strip()).isEqualTo("0");
        } finally {
            server.network().up();
        }
        VmWaits.commandSucceeds(client, "timeout 5 wget -q -O /dev/null " + serverUrl() + "; exit $?");
    }
}
