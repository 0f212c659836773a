package dev.ignite.engine.cli;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.image.Image;
import dev.ignite.engine.image.ImportSpec;
import dev.ignite.engine.kernel.Kernel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "build", description = {"Import an OCI image as a VM image (ext4 rootfs); prints its ID.",
        "SOURCE: a registry reference (localhost:5000/app:1.0, docker://…), docker-archive:PATH,"
                + " oci-archive:PATH, oci:DIR[:TAG], or a path to an archive or layout folder."})
final class BuildCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "The image to import.")
    String source;

    @Option(names = "--name", description = "Name for the image (any earlier image of that name loses it).")
    String name;

    @Option(names = "--import-kernel", paramLabel = "KNAME", description = "Also import SOURCE as a kernel"
            + " (/boot/vmlinuz + /lib/modules) named KNAME; without --name only the kernel is imported.")
    String kernelName;

    @Option(names = "--size", paramLabel = "SIZE", description = "Rootfs size, e.g. 2G or 512M (default: the"
            + " content plus a third and 256 MiB).")
    String size;

    @Option(names = "--insecure", description = "Allow a plain-HTTP (or unverified TLS) registry.")
    boolean insecure;

    @Option(names = "--docker-config", paramLabel = "FILE", description = "Docker config with registry credentials"
            + " (default: $DOCKER_CONFIG/config.json, else ~/.docker/config.json).")
    Path dockerConfig;

    @Override
    public Integer call() {
        Ignite ignite = Engine.open();
        ImportSpec.Builder importSpec = ImportSpec.builder(source).setAllowInsecureRegistries(insecure)
                .setDockerConfig(dockerConfig).setSizeBytes(size == null ? 0 : Sizes.parse(size));
        if (kernelName != null) {
            Kernel kernel = ignite.kernels().importImage(importSpec.setName(kernelName).build());
            spec.commandLine().getOut().println(kernel.id());
            if (name == null) {
                return 0;
            }
        }
        Image image = ignite.images().importImage(importSpec.setName(name).build());
        spec.commandLine().getOut().println(image.id());
        return 0;
    }
}
