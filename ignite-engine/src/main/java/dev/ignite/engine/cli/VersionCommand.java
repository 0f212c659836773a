package dev.ignite.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "version", description = "Print the version of Ignite for the JVM.")
final class VersionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        for (String line : new Provider().getVersion()) {
            spec.commandLine().getOut().println(line);
        }
        return 0;
    }

    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = IgniteCli.class.getPackage().getImplementationVersion();
            return new String[]{"ignite " + (version == null ? "0.1.0-SNAPSHOT" : version),
                    "java " + System.getProperty("java.version")};
        }
    }
}
