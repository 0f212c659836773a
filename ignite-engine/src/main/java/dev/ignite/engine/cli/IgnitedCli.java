package dev.ignite.engine.cli;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.daemon.GitSource;
import dev.ignite.engine.daemon.ManifestSource;
import dev.ignite.engine.daemon.ReconcileLoop;
import dev.ignite.engine.daemon.Reconciler;
import dev.ignite.engine.manifest.IgniteConfiguration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * {@code ignited}: Ignite's daemon launcher. {@code daemon} reconciles VMs from a manifest folder,
 * {@code gitops} from a git repository; both reconcile at start, then every interval, report each
 * action in one line on stdout, and stop cleanly on SIGTERM or Ctrl-C (the VMs keep running).
 */
@Command(name = "ignited", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Ignite's daemon: VMs declared in manifest files (v1alpha4 kind: VM), kept as declared.",
        subcommands = {IgnitedCli.Daemon.class, IgnitedCli.GitOps.class, VersionCommand.class})
public final class IgnitedCli implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    static int execute(PrintWriter out, PrintWriter err, String... args) {
        IgniteCli.applyLogLevel(args);
        CliErrors errors = new CliErrors(System.getenv("IGNITE_DEBUG") != null);
        return commandLine().setOut(out).setErr(err).setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors).execute(args);
    }

    /** The command model; {@link CliDocs} documents it beside {@code ignite}'s. */
    static CommandLine commandLine() {
        return new CommandLine(new IgnitedCli()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    /** What both modes share: the interval, the configuration, and running the loop until a signal. */
    static final class LoopOptions {
        @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "30s", description = "Time between"
                + " passes: 30s, 2m, 1h (default: ${DEFAULT-VALUE}).")
        String interval;

        @Option(names = "--log-level", paramLabel = "LEVEL", description = "The engine's log level: trace, debug,"
                + " info (default), warn, error.")
        IgniteCli.LogLevel logLevel;

        @Option(names = "--ignite-config", paramLabel = "FILE", description = "Ignite configuration (kind:"
                + " Configuration); default: /etc/ignite/config.yaml if present.")
        Path igniteConfig;

        int run(CommandSpec spec, ManifestSource source, String manager) {
            PrintWriter out = spec.commandLine().getOut();
            Consumer<String> report = line -> {
                synchronized (out) {
                    out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + line);
                    out.flush();
                }
            };
            Ignite ignite = Engine.open();
            ReconcileLoop loop = new ReconcileLoop(source, new Reconciler(ignite,
                    IgniteConfiguration.load(igniteConfig), manager, report), duration(interval), report);
            Thread hook = new Thread(() -> loop.stop(Duration.ofMinutes(2)), "ignited-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            loop.run();
            return 0;
        }

        static Duration duration(String text) {
            var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text.strip());
            if (!m.matches()) {
                throw new UsageError("--interval '" + text + "' is not a duration like 30s, 2m or 1h");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
    }

    @Command(name = "daemon", description = {"Reconcile VMs from the manifest files in a folder: a new file starts a VM,"
            + " a changed spec replaces it, status.running: false stops it, a removed file removes it.",
            "Only VMs this daemon made are removed; others of the same name are left alone and reported."})
    static final class Daemon implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--manifest-dir", paramLabel = "DIR", defaultValue = "/etc/firecracker/manifests",
                description = "Folder of YAML/JSON manifests, searched recursively (default: ${DEFAULT-VALUE},"
                        + " as Ignite's).")
        Path manifestDir;

        @Mixin
        LoopOptions loop;

        @Override
        public Integer call() {
            Path folder = manifestDir.toAbsolutePath().normalize();
            return loop.run(spec, ManifestSource.folder(folder), "daemon:" + folder);
        }
    }

    @Command(name = "gitops", description = {"Reconcile VMs from the manifest files in a git repository's branch,"
            + " fetched every interval (git CLI: local paths, file://, https:// and ssh URLs).",
            "Files added, changed and removed in the branch act as with `ignited daemon`."})
    static final class GitOps implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "REPO", description = "Repository URL or path.")
        String repository;

        @Option(names = {"-b", "--branch"}, paramLabel = "BRANCH", defaultValue = "master",
                description = "Branch to sync (default: ${DEFAULT-VALUE}, as Ignite's).")
        String branch;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "1m", description = "Time each git"
                + " operation may take (default: ${DEFAULT-VALUE}).")
        String timeout;

        @Mixin
        LoopOptions loop;

        @Override
        public Integer call() throws Exception {
            String key = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest((repository + "#" + branch).getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0, 6);
            Path work = Engine.open().home().root().resolve("gitops").resolve(key);
            Files.createDirectories(work.getParent());
            return loop.run(spec, new GitSource(repository, branch, work, LoopOptions.duration(timeout)),
                    "gitops:" + repository + "#" + branch);
        }
    }
}
