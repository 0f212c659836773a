package dev.ignite.engine.daemon;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.TestEngine;
import dev.ignite.engine.manifest.IgniteConfiguration;
import dev.ignite.engine.vm.VmRecord;
import dev.ignite.engine.vm.VmState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code ignited daemon} and {@code ignited gitops} with real VMs (ignite/tiny, 256 MiB, one at a
 * time): a new manifest starts a VM, a changed spec replaces it, {@code status.running: false} stops
 * it, a removed manifest removes it; from a folder and from a git repository's commits. The
 * {@code ignited} process itself reconciles at start and ends cleanly on SIGTERM.
 */
class IgnitedIT {
    private static final String VM = "ignited-it-" + ProcessHandle.current().pid();
    private static Ignite ignite;

    @TempDir
    Path tmp;

    private final List<String> reports = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void defaults() {
        ignite = TestEngine.openWithDefaults();
    }

    @AfterEach
    void removeTheVm() {
        record().ifPresent(vm -> ignite.vms().remove(vm.id(), true));
    }

    @Test
    void daemonReconcilesAddChangeStopAndRemoveFromAFolder() throws IOException {
        Path folder = Files.createDirectory(tmp.resolve("manifests"));
        Reconciler reconciler = new Reconciler(ignite, IgniteConfiguration.DEFAULTS, "daemon:" + folder, reports::add);
        Path file = folder.resolve("vm.yaml");

        Files.writeString(file, manifest("1", true));
        reconciler.reconcile(folder);
        assertThat(reports).containsExactly("started VM " + VM);
        VmRecord first = record().orElseThrow();
        assertThat(first.state()).isEqualTo(VmState.RUNNING);
        assertThat(first.spec().labels()).containsEntry("rev", "1").containsEntry(Reconciler.MANAGED_BY,
                ("daemon:" + folder).replaceAll("[^A-Za-z0-9_.-]", "_"));

        reconciler.reconcile(folder);
        assertThat(reports).as("nothing to do when nothing changed").hasSize(1);

        Files.writeString(file, manifest("2", true));
        reconciler.reconcile(folder);
        assertThat(reports).last().isEqualTo("replaced VM " + VM + ": its spec changed");
        VmRecord second = record().orElseThrow();
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(second.state()).isEqualTo(VmState.RUNNING);
        assertThat(second.spec().labels()).containsEntry("rev", "2");
        assertThat(ignite.vms().get(VM).exec("hostname").stdout()).isEqualTo(VM + "\n");

        Files.writeString(file, manifest("2", false));
        reconciler.reconcile(folder);
        assertThat(reports).last().isEqualTo("stopped VM " + VM + ": status.running is false");
        assertThat(record().orElseThrow().state()).isEqualTo(VmState.STOPPED);
        assertThat(record().orElseThrow().id()).as("stopping is not a spec change").isEqualTo(second.id());

        Files.delete(file);
        reconciler.reconcile(folder);
        assertThat(reports).last().isEqualTo("removed VM " + VM + ": its manifest is gone");
        assertThat(record()).isEmpty();
    }

    @Test
    void gitopsFollowsTheBranchsCommits() throws Exception {
        assumeTrue(dev.ignite.engine.host.HostTools.find("git").isPresent(), "git is not installed on this host");
        Path repo = Files.createDirectory(tmp.resolve("repo"));
        git(repo, "init", "-q", "-b", "main");
        Files.createDirectories(repo.resolve("vms"));
        Path file = repo.resolve("vms/vm.yaml");
        GitSource source = new GitSource("file://" + repo, "main", tmp.resolve("work/checkout"), Duration.ofMinutes(1));
        Files.createDirectories(tmp.resolve("work"));
        Reconciler reconciler = new Reconciler(ignite, IgniteConfiguration.DEFAULTS, "gitops:test", reports::add);

        commit(repo, file, manifest("1", true), "add the VM");
        reconciler.reconcile(source.sync());
        assertThat(reports).containsExactly("started VM " + VM);
        assertThat(record().orElseThrow().state()).isEqualTo(VmState.RUNNING);

        commit(repo, file, manifest("1", false), "stop it");
        reconciler.reconcile(source.sync());
        assertThat(reports).last().isEqualTo("stopped VM " + VM + ": status.running is false");
        String stoppedId = record().orElseThrow().id();

        commit(repo, file, manifest("2", false), "change it while stopped");
        reconciler.reconcile(source.sync());
        assertThat(reports).last().isEqualTo("replaced VM " + VM + ": its spec changed");
        VmRecord changed = record().orElseThrow();
        assertThat(changed.id()).isNotEqualTo(stoppedId);
        assertThat(changed.state()).as("status.running: false makes it without starting it").isEqualTo(VmState.CREATED);
        assertThat(changed.spec().labels()).containsEntry("rev", "2");

        git(repo, "rm", "-q", "vms/vm.yaml");
        git(repo, "commit", "-q", "-m", "remove it");
        reconciler.reconcile(source.sync());
        assertThat(reports).last().isEqualTo("removed VM " + VM + ": its manifest is gone");
        assertThat(record()).isEmpty();
        assertThat(source.describe()).contains("branch main", source.commit());
    }

    @Test
    void theIgnitedProcessReconcilesAtStartAndStopsOnSigterm() throws Exception {
        Path folder = Files.createDirectory(tmp.resolve("manifests"));
        Files.writeString(folder.resolve("broken.yaml"), "kind: VM\nmetadata: {name: nothing}\nspec: {}\n");
        Process ignited = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.ignite.engine.cli.IgnitedCli", "daemon",
                "--manifest-dir", folder.toString(), "--interval", "1s").redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(ignited.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (line.contains("skipped broken.yaml")) {
                    ignited.toHandle().destroy(); // SIGTERM; Process.destroy would also close our end of its output
                }
            }
        } finally {
            if (!ignited.waitFor(60, TimeUnit.SECONDS)) {
                ignited.destroyForcibly();
            }
        }
        assertThat(lines).anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d reconciling VMs from " + folder + " every 1 s"));
        assertThat(lines).anyMatch(l -> l.endsWith("skipped broken.yaml: VM nothing needs spec.image.oci (an image"
                + " name, registry reference or archive)"));
        assertThat(lines.get(lines.size() - 1)).endsWith("stopped reconciling; the VMs keep running");
        assertThat(ignited.exitValue()).as("ended by SIGTERM").isEqualTo(143);
    }

    private static String manifest(String revision, boolean running) {
        return """
                apiVersion: ignite.weave.works/v1alpha4
                kind: VM
                metadata:
                  name: %s
                  labels:
                    rev: "%s"
                spec:
                  image:
                    oci: %s
                  cpus: 1
                  memory: 256MB
                  ssh: true
                status:
                  running: %s
                """.formatted(VM, revision, Ignite.DEFAULT_IMAGE, running);
    }

    private static void commit(Path repo, Path file, String content, String message) throws Exception {
        Files.writeString(file, content);
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", message);
    }

    private static void git(Path repo, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString(), "-c", "user.name=IgnitedIT",
                "-c", "user.email=ignited-it@localhost"));
        command.addAll(List.of(args));
        Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(git.waitFor()).as("git " + String.join(" ", args) + ": " + output).isZero();
    }

    private static Optional<VmRecord> record() {
        return ignite.vms().list().stream().filter(vm -> VM.equals(vm.name())).findFirst();
    }
}
