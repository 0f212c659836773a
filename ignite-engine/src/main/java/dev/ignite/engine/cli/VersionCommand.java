package dev.ignite.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "version", description = "Print the version of Ignite for the JVM.")
final class VersionCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        for (String line : new Provider().getVersion()) {
            System.out.println(line);
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
