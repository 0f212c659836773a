package dev.ignite.engine.cli;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.host.HostTools;
import dev.ignite.engine.oci.ImagePacker;
import dev.ignite.engine.recipe.Recipe;
import dev.ignite.engine.vm.VmRecord;
import dev.ignite.engine.vm.VmSpec;
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

import static dev.ignite.engine.cli.CliRun.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Ignite v0.10's forms as its users type them, against a third-party image archive the store has
 * never seen: {@code run ARCHIVE --name … --cpus --memory 256MB --size 1G --ssh=KEY.pub} imports it on
 * the spot; {@code ps} shows addresses and network; {@code ssh -i KEY}; {@code inspect vm NAME -o yaml}
 * written to a file and run again with {@code run --config} gives the same spec; {@code rm --config};
 * {@code stop -f}; {@code -q run --rm ARCHIVE -k KERNEL -- CMD}. One small VM at a time; nothing is left behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IgniteCompatIT {
    private static final String VM = "compat-it-" + ProcessHandle.current().pid();

    private static Ignite ignite;
    private static String archive;
    private static VmSpec firstSpec;

    @TempDir
    static Path tmp;

    /** busybox and dropbear like images/tiny, packed under another name with a file of its own: a new digest. */
    @BeforeAll
    static void thirdPartyArchive() throws IOException {
        ignite = Ignite.open();
        ignite.defaults().ensureKernel(message -> { });
        Path tree = tmp.resolve("tree");
        Recipe.TINY_IMAGE.stage(tree, Files.createDirectories(tmp.resolve("scratch")));
        Files.writeString(tree.resolve("etc/thirdparty-marker"), "made by " + VM + "\n");
        Path file = tmp.resolve("thirdparty.oci.tar");
        ImagePacker.pack(tree, "thirdparty/tiny:1", List.of("/sbin/init"), Map.of(), file);
        archive = "oci-archive:" + file;
        assertThat(ignite.images().find(archive)).as("not imported before the test").isEmpty();
    }

    @Test
    @Order(1)
    void runImportsTheArchiveOnTheSpotWithIgnitesFlags() throws Exception {
        Path key = sshKey();
        CliRun run = ok("run", archive, "--name", VM, "--cpus", "1", "--memory", "256MB", "--size", "1G",
                "--ssh=" + key + ".pub", "-p", "0:8080", "-l", "suite=compat");
        assertThat(run.out().strip()).matches("[0-9a-f]{16}");
        assertThat(run.err()).contains("image " + archive + " is not in the store: importing it");
        assertThat(ok("image", "ls").out()).contains(archive);
        firstSpec = record().orElseThrow().spec();
        assertThat(firstSpec.diskSizeMib()).isEqualTo(1024);
        assertThat(firstSpec.authorizedKeys()).hasSize(1);

        assertThat(ok("ps", "--format", "{{.Name}} {{.Addresses}} {{.Network}}").out())
                .contains(VM + " 10.0.2.15 user\n");
        assertThat(ok("vm", "ps").out()).contains("IPS", "NETWORK", VM);
        assertThat(ok("inspect", "vm", VM, "-t", "{{.Spec.Image.OCI}} {{.Status.IPAddresses}}").out())
                .isEqualTo(archive + " [10.0.2.15]\n");
        assertThat(ok("exec", VM, "cat /etc/thirdparty-marker").out()).isEqualTo("made by " + VM + "\n");
        if (HostTools.find("ssh").isPresent()) {
            assertThat(ok("ssh", "-i", key.toString(), VM, "hostname").out()).isEqualTo(VM + "\n");
        }
    }

    @Test
    @Order(2)
    void inspectYamlRunsAgainWithConfigAndRmConfigRemovesIt() throws IOException {
        assumeTrue(firstSpec != null, "the first VM did not run");
        Path manifest = tmp.resolve("my-vm.yaml");
        Files.writeString(manifest, ok("inspect", "vm", VM, "-o", "yaml").out());
        assertThat(Files.readString(manifest)).contains("apiVersion: ignite.weave.works/v1alpha4", "kind: VM",
                "name: " + VM, "oci: " + archive, "memory: 256MB", "diskSize: 1GB", "running: true");
        ok("rm", "-f", VM);
        assertThat(record()).isEmpty();

        ok("run", "--config", manifest.toString());
        assertThat(record()).hasValueSatisfying(vm -> assertThat(vm.spec()).isEqualTo(firstSpec));
        assertThat(ok("exec", VM, "hostname").out()).isEqualTo(VM + "\n");
        assertThat(ok("stop", "-f", VM).out()).isEqualTo(VM + "\n");
        assertThat(record()).hasValueSatisfying(vm -> assertThat(vm.stateReason()).isEqualTo("killed"));

        assertThat(ok("rm", "-f", "--config", manifest.toString()).out()).isEqualTo(VM + "\n");
        assertThat(record()).isEmpty();
    }

    @Test
    @Order(3)
    void runWithKernelFlagAndCommandExitsWithItsCode() {
        CliRun run = CliRun.of("-q", "run", "--rm", archive, "-k", Ignite.DEFAULT_KERNEL, "--name", VM, "--memory", "256MB",
                "--", "cat /etc/thirdparty-marker; exit 3");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.out()).isEqualTo("made by " + VM + "\n");
        assertThat(run.err()).as("-q: no progress lines").isEmpty();
        assertThat(record()).isEmpty();
    }

    @AfterAll
    static void cleanUp() {
        if (ignite != null) {
            record().ifPresent(vm -> ignite.vms().remove(vm.id(), true));
            ignite.images().find(archive).ifPresent(image -> ignite.removeImage(image.id(), true));
        }
    }

    private static Path sshKey() throws Exception {
        Path key = tmp.resolve("id_ed25519");
        if (HostTools.find("ssh-keygen").isEmpty()) {
            Files.writeString(Path.of(key + ".pub"), "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDummyKeyForNoSshKeygen x\n");
            return key;
        }
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "compat-it", "-f",
                key.toString()).redirectErrorStream(true).start();
        assertThat(keygen.waitFor()).isZero();
        return key;
    }

    private static Optional<VmRecord> record() {
        return ignite.vms().list().stream().filter(vm -> VM.equals(vm.name())).findFirst();
    }
}
