package dev.ignite.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ignite.engine.Ignite;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.image.ImportSpec;
import dev.ignite.engine.manifest.ApiObjects;
import dev.ignite.engine.manifest.ArtifactObject;
import dev.ignite.engine.manifest.IgniteConfiguration;
import dev.ignite.engine.manifest.VmObject;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code --config FILE} of {@code run}, {@code create} and {@code rm}: Ignite's v1alpha4 objects.
 * {@code Image} and {@code Kernel} objects are imported (unless their name is in the store already),
 * {@code VM} objects become specs.
 */
final class ConfigFile {
    private ConfigFile() {
    }

    static List<VmObject> vms(Path file, IgniteConfiguration configuration) {
        Path folder = file.toAbsolutePath().getParent();
        List<VmObject> vms = new ArrayList<>();
        for (JsonNode object : ApiObjects.ofKind(file, "VM")) {
            vms.add(VmObject.read(object, configuration, folder));
        }
        return vms;
    }

    /** Imports the file's images and kernels, then returns its VMs; a file with neither is an error. */
    static List<VmObject> apply(Ignite ignite, Path file, IgniteConfiguration configuration, Consumer<String> progress) {
        List<JsonNode> artifacts = new ArrayList<>(ApiObjects.ofKind(file, ArtifactObject.IMAGE));
        artifacts.addAll(ApiObjects.ofKind(file, ArtifactObject.KERNEL));
        for (JsonNode node : artifacts) {
            ArtifactObject artifact = ArtifactObject.read(node);
            ImportSpec spec = ImportSpec.builder(artifact.oci()).setName(artifact.name()).build();
            if (artifact.kind().equals(ArtifactObject.IMAGE) && ignite.images().find(artifact.name()).isEmpty()) {
                progress.accept("importing image " + artifact.oci() + " as " + artifact.name());
                ignite.images().importImage(spec);
            } else if (artifact.kind().equals(ArtifactObject.KERNEL) && ignite.kernels().find(artifact.name()).isEmpty()) {
                progress.accept("importing kernel " + artifact.oci() + " as " + artifact.name());
                ignite.kernels().importImage(spec);
            }
        }
        List<VmObject> vms = vms(file, configuration);
        if (vms.isEmpty() && artifacts.isEmpty()) {
            throw new IgniteException(file + " holds no VM, Image or Kernel object (apiVersion: "
                    + ApiObjects.API_VERSION + ")");
        }
        return vms;
    }
}
