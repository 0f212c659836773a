package dev.ignite.engine.cli;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.image.ImportSpec;
import dev.ignite.engine.store.StoredObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Ignite's {@code image import} and {@code kernel import}: SOURCE is imported under its own reference as
 * the name, as Ignite names images by their OCI reference; {@code ignite build} is the form with options
 * for name and size.
 */
abstract class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SOURCE", description = "A registry reference (localhost:5000/app:1.0), docker-archive:PATH,"
            + " oci-archive:PATH, oci:DIR[:TAG], or a path to an archive or layout folder.")
    String source;

    @Option(names = "--insecure", description = "Allow a plain-HTTP (or unverified TLS) registry.")
    boolean insecure;

    @Option(names = "--registry-config-dir", paramLabel = "DIR", description = "Folder with the registry"
            + " configuration (config.json), as Ignite's flag (default: ~/.docker/).")
    Path registryConfigDir;

    @Override
    public Integer call() {
        ImportSpec importSpec = ImportSpec.builder(source).setName(source).setAllowInsecureRegistries(insecure)
                .setDockerConfig(registryConfigDir == null ? null : registryConfigDir.resolve("config.json")).build();
        StoredObject<?> imported;
        try (Progress progress = Progress.on(spec.commandLine().getErr())) {
            progress.accept("importing " + source);
            imported = importInto(Engine.open(), importSpec);
        }
        spec.commandLine().getOut().println(imported.id());
        return 0;
    }

    abstract StoredObject<?> importInto(Ignite ignite, ImportSpec importSpec);

    @Command(name = "import", description = "Import an OCI image as a VM image, named by SOURCE; prints its ID.")
    static final class ImageImport extends ImportCommand {
        @Override
        StoredObject<?> importInto(Ignite ignite, ImportSpec importSpec) {
            return ignite.images().importImage(importSpec);
        }
    }

    @Command(name = "import", description = "Import a kernel OCI image (/boot/vmlinuz + /lib/modules), named by"
            + " SOURCE; prints its ID.")
    static final class KernelImport extends ImportCommand {
        @Override
        StoredObject<?> importInto(Ignite ignite, ImportSpec importSpec) {
            return ignite.kernels().importImage(importSpec);
        }
    }
}
