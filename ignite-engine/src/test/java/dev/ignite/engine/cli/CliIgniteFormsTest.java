package dev.ignite.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ignite v0.10's spellings that fail or print before any VM exists: parsing, groups, templates, completion. */
class CliIgniteFormsTest {
    @TempDir
    Path tmp;

    @Test
    void sshTakesAKeyOnlyWithEquals() {
        VmOptions options = new VmOptions();
        RunCommand run = new RunCommand();
        picocli.CommandLine cli = new picocli.CommandLine(run).setUnmatchedOptionsArePositionalParams(true);
        cli.parseArgs("ignite/tiny", "--ssh", "--name", "a");
        assertThat(run.options.ssh).isEmpty();
        assertThat(run.image).isEqualTo("ignite/tiny");
        assertThat(run.options.name).isEqualTo("a");

        RunCommand withKey = new RunCommand();
        new picocli.CommandLine(withKey).parseArgs("--ssh=/home/me/.ssh/id_ed25519.pub", "ignite/tiny", "my/kernel");
        assertThat(withKey.options.ssh).isEqualTo("/home/me/.ssh/id_ed25519.pub");
        assertThat(withKey.rest).containsExactly("my/kernel");
        assertThat(options.ssh).isNull();
    }

    @Test
    void ignitesShortFlagsFillTheSpec() throws IOException {
        Path pub = Files.writeString(tmp.resolve("me.pub"), "ssh-ed25519 AAAAC3Nza me@host\n");
        RunCommand run = new RunCommand();
        new picocli.CommandLine(run).parseArgs("img", "-n", "my-vm", "-s", "1G", "-p", "5353:53/udp", "--ports",
                "8080:80", "-f", tmp + ":/srv", "-l", "a=b", "--ssh=" + pub, "--kernel-args", "loglevel=7 ignite.x=1",
                "-k", "my/kernel", "--cpus", "2", "--memory", "512MB");
        var spec = run.options.toSpec(run.image, run.options.kernelOr(
                dev.ignite.engine.manifest.IgniteConfiguration.DEFAULTS),
                dev.ignite.engine.manifest.IgniteConfiguration.DEFAULTS);
        assertThat(spec.name()).isEqualTo("my-vm");
        assertThat(spec.kernel()).isEqualTo("my/kernel");
        assertThat(spec.diskSizeMib()).isEqualTo(1024);
        assertThat(spec.memoryMib()).isEqualTo(512);
        assertThat(spec.ports()).extracting(p -> p.guestPort() + "/" + p.protocol()).containsExactly("53/udp", "80/tcp");
        assertThat(spec.copyFiles()).hasSize(1);
        assertThat(spec.labels()).containsEntry("a", "b");
        assertThat(spec.kernelArgs()).containsExactly("loglevel=7", "ignite.x=1");
        assertThat(spec.authorizedKeys()).containsExactly("ssh-ed25519 AAAAC3Nza me@host");
    }

    @Test
    void requireNameRefusesAGeneratedName() {
        RunCommand run = new RunCommand();
        new picocli.CommandLine(run).parseArgs("img", "--require-name");
        assertThatThrownBy(() -> run.options.toSpec("img", "k", dev.ignite.engine.manifest.IgniteConfiguration.DEFAULTS))
                .isInstanceOf(UsageError.class).hasMessageContaining("-n/--name");
    }

    @Test
    void runNeedsAnImageOrAConfigButNotBoth() throws IOException {
        CliRun none = CliRun.of("run");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("give IMAGE (e.g. ignite/tiny) or --config FILE");
        Path file = Files.writeString(tmp.resolve("vm.yaml"), "kind: VM\nmetadata: {name: a}\nspec: {image: {oci: x}}\n");
        CliRun both = CliRun.of("run", "--config", file.toString(), "ignite/tiny");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("give no IMAGE and no VM flags with it");
        CliRun empty = CliRun.of("create", "--config", Files.writeString(tmp.resolve("e.yaml"), "kind: Other\n").toString());
        assertThat(empty.exitCode()).isEqualTo(1);
        assertThat(empty.err()).contains("holds no VM, Image or Kernel object");
    }

    @Test
    void groupsNameTheirVerbsAsIgniteDoes() {
        assertThat(CliRun.of("vm").out()).contains("ps", "run", "create", "start", "stop", "rm", "ssh", "logs");
        assertThat(CliRun.of("image").out()).contains("ls", "import", "rm");
        CliRun bad = CliRun.of("image", "lss");
        assertThat(bad.err()).isEqualTo("ignite: unknown command 'lss' (did you mean ls or list?); see `ignite image --help`\n");
        assertThat(CliRun.of("kernel", "ls", "--help").out()).startsWith("Usage: ignite kernel ls");
    }

    @Test
    void versionShortJsonAndYaml() throws IOException {
        assertThat(CliRun.of("version", "-o", "short").out()).matches("\\d+\\.\\d+\\.\\d+\\S*\n");
        var json = new ObjectMapper().readTree(CliRun.of("version", "-o", "json").out());
        assertThat(json.path("igniteVersion").asText()).isNotEmpty();
        assertThat(CliRun.of("version", "-o", "yaml").out()).startsWith("igniteVersion: ");
    }

    @Test
    void completionForEachShell() {
        assertThat(CliRun.of("completion").out()).contains("complete -F _complete_ignite", "image", "kernel");
        assertThat(CliRun.of("completion", "zsh").out()).startsWith("autoload -U +X compinit");
        String fish = CliRun.of("completion", "fish").out();
        assertThat(fish).contains("complete -c ignite -n '__fish_use_subcommand' -a run",
                "complete -c ignite -n '__fish_seen_subcommand_from image' -a import",
                "-s k -l kernel-image -r");
        CliRun bad = CliRun.of("completion", "tcsh");
        assertThat(bad.exitCode()).isEqualTo(2);
    }

    @Test
    void templatesWalkFieldPathsWithoutCase() throws IOException {
        var object = new ObjectMapper().readTree("""
                {"metadata": {"name": "my-vm"}, "spec": {"image": {"oci": "ignite/tiny"}},
                 "status": {"network": {"ipAddresses": ["10.0.2.15", "10.61.0.2"]}}}""");
        assertThat(ObjectTemplate.render("{{.ObjectMeta.Name}} {{.Spec.Image.OCI}}", object))
                .isEqualTo("my-vm ignite/tiny");
        assertThat(ObjectTemplate.render("{{.Status.IPAddresses}}", object)).isEqualTo("[10.0.2.15 10.61.0.2]");
        assertThatThrownBy(() -> ObjectTemplate.render("{{.Spec.Kernel}}", object)).isInstanceOf(UsageError.class)
                .hasMessageContaining("no 'Kernel' in {image}");
        assertThatThrownBy(() -> ObjectTemplate.render("{{ json .Spec }}", object)).isInstanceOf(UsageError.class)
                .hasMessageContaining("functions and pipelines are not supported");
    }
}
