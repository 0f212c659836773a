package dev.ignite.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "version", description = "Print the version of Ignite for the JVM.")
final class VersionCommand implements Callable<Integer> {
    enum Format { SHORT, JSON, YAML }

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "short (the version only), json or yaml;"
            + " default: a line for ignite and one for java.")
    Format output;

    @Override
    public Integer call() {
        if (output == null) {
            for (String line : new Provider().getVersion()) {
                spec.commandLine().getOut().println(line);
            }
        } else if (output == Format.SHORT) {
            spec.commandLine().getOut().println(version());
        } else {
            Map<String, String> versions = new LinkedHashMap<>();
            versions.put("igniteVersion", version());
            versions.put("javaVersion", System.getProperty("java.version"));
            versions.put("os", System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT) + "/"
                    + System.getProperty("os.arch"));
            spec.commandLine().getOut().print(Structured.write(versions,
                    output == Format.JSON ? OutputFormat.JSON : OutputFormat.YAML));
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    static String version() {
        String version = IgniteCli.class.getPackage().getImplementationVersion();
        return version == null ? "0.1.0-SNAPSHOT" : version;
    }

    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"ignite " + version(), "java " + System.getProperty("java.version")};
        }
    }
}
