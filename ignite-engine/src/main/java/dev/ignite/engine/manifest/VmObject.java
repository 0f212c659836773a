package dev.ignite.engine.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.vm.FileCopy;
import dev.ignite.engine.vm.PortMapping;
import dev.ignite.engine.vm.VmRecord;
import dev.ignite.engine.vm.VmSpec;
import dev.ignite.engine.vm.Volume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ignite's v1alpha4 {@code kind: VM} as a spec: {@code metadata.name}, {@code spec.image.oci},
 * {@code spec.kernel.oci}/{@code cmdLine}, {@code cpus}, {@code memory}, {@code diskSize},
 * {@code network.ports}, {@code storage} (volumes with mounts), {@code copyFiles}, {@code ssh}
 * ({@code true}, a public key file, or a key line), and {@code status.running} (default true). What
 * v1alpha4 cannot say is kept in annotations: {@code ignite.dev/network}, {@code ignite.dev/env.KEY}.
 * Relative host paths are taken from the manifest's folder.
 */
public record VmObject(String name, String uid, VmSpec spec, boolean running) {
    static final String NETWORK_ANNOTATION = "ignite.dev/network";
    static final String ENV_ANNOTATION = "ignite.dev/env.";

    /** Reads a {@code kind: VM} object; {@code defaults} fill what it leaves out, as Ignite's configuration does. */
    public static VmObject read(JsonNode object, IgniteConfiguration defaults, Path baseFolder) {
        JsonNode metadata = object.path("metadata");
        String name = IgniteConfiguration.text(metadata.path("name")).orElseThrow(() -> new IgniteException(
                "a VM object needs metadata.name"));
        JsonNode spec = object.path("spec");
        String image = IgniteConfiguration.text(spec.path("image").path("oci")).orElseThrow(() -> new IgniteException(
                "VM " + name + " needs spec.image.oci (an image name, registry reference or archive)"));
        VmSpec.Builder vm = VmSpec.builder(image,
                        IgniteConfiguration.text(spec.path("kernel").path("oci")).orElse(defaults.kernel()))
                .setName(name)
                .setCpus(spec.path("cpus").asInt(defaults.cpus()))
                .setMemoryMib(Math.toIntExact(IgniteConfiguration.text(spec.path("memory")).map(SizeMib::parse)
                        .orElse(defaults.memoryMib())))
                .setDiskSizeMib(IgniteConfiguration.text(spec.path("diskSize")).map(SizeMib::parse)
                        .orElse(defaults.diskSizeMib()));
        String cmdLine = IgniteConfiguration.text(spec.path("kernel").path("cmdLine")).orElse(defaults.kernelCmdLine());
        for (String arg : cmdLine.strip().split("\\s+")) {
            if (!arg.isEmpty()) {
                vm.addKernelArg(arg);
            }
        }
        spec.path("network").path("ports").forEach(port -> vm.addPort(port(port)));
        volumes(spec.path("storage"), baseFolder, name).forEach(vm::addVolume);
        spec.path("copyFiles").forEach(copy -> vm.addCopyFile(new FileCopy(
                baseFolder.resolve(copy.path("hostPath").asText()), copy.path("vmPath").asText())));
        JsonNode ssh = spec.path("ssh");
        if (ssh.isTextual()) {
            vm.addAuthorizedKey(publicKey(ssh.asText(), baseFolder));
        }
        metadata.path("labels").fields().forEachRemaining(e -> vm.putLabel(e.getKey(), e.getValue().asText()));
        metadata.path("annotations").fields().forEachRemaining(e -> {
            if (e.getKey().equals(NETWORK_ANNOTATION)) {
                vm.setNetwork(e.getValue().asText());
            } else if (e.getKey().startsWith(ENV_ANNOTATION)) {
                vm.putEnv(e.getKey().substring(ENV_ANNOTATION.length()), e.getValue().asText());
            }
        });
        if (!metadata.path("annotations").has(NETWORK_ANNOTATION)) {
            vm.setNetwork(defaults.network());
        }
        JsonNode running = object.path("status").path("running");
        return new VmObject(name, IgniteConfiguration.text(metadata.path("uid")).orElse(null), vm.build(),
                running.isMissingNode() || running.isNull() || running.asBoolean());
    }

    /**
     * A key given as {@code --ssh=PATH} or {@code ssh: PATH}: the file's first line; a value that is
     * itself a key line ({@code ssh-ed25519 AAAA…}) is taken as it is, which is how {@link #describe}
     * writes it back.
     */
    public static String publicKey(String pathOrKey, Path baseFolder) {
        if (pathOrKey.matches("(ssh|ecdsa|sk)-[\\w@.-]+ \\S+.*")) {
            return pathOrKey.strip();
        }
        Path file = pathOrKey.startsWith("~/") ? Path.of(System.getProperty("user.home"), pathOrKey.substring(2))
                : baseFolder.resolve(pathOrKey); // `--ssh=~/.ssh/id.pub`: the shell leaves ~ after = alone
        try {
            String line = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).findFirst().orElse("");
            if (!line.matches("(ssh|ecdsa|sk)-[\\w@.-]+ \\S+.*")) {
                throw new IgniteException(file + " is not an OpenSSH public key (a line like `ssh-ed25519 AAAA…`):"
                        + " give the .pub file");
            }
            return line.strip();
        } catch (IOException e) {
            throw new IgniteException("cannot read the SSH public key " + file + ": " + e.getMessage(), e);
        }
    }

    /** Ignite writes ports as objects ({@code bindAddress, hostPort, vmPort, protocol}); strings are ours and Docker's. */
    private static PortMapping port(JsonNode port) {
        if (port.isTextual()) {
            return PortMapping.parse(port.asText());
        }
        return new PortMapping(IgniteConfiguration.text(port.path("bindAddress")).orElse(null),
                port.path("hostPort").asInt(0), port.path("vmPort").asInt(0),
                IgniteConfiguration.text(port.path("protocol")).orElse("tcp"));
    }

    /** v1alpha4 names each block device in {@code volumes} and mounts it by name in {@code volumeMounts}. */
    private static List<Volume> volumes(JsonNode storage, Path baseFolder, String vmName) {
        Map<String, String> devices = new HashMap<>();
        storage.path("volumes").forEach(v -> devices.put(v.path("name").asText(),
                v.path("blockDevice").path("path").asText()));
        return java.util.stream.StreamSupport.stream(storage.path("volumeMounts").spliterator(), false).map(mount -> {
            String device = devices.get(mount.path("name").asText());
            if (device == null || device.isEmpty()) {
                throw new IgniteException("VM " + vmName + ": volume mount '" + mount.path("name").asText()
                        + "' names no volume with a blockDevice.path in spec.storage.volumes");
            }
            return new Volume(baseFolder.resolve(device), mount.path("mountPath").asText(), false);
        }).toList();
    }

    /** The VM as a v1alpha4 object: what {@link #read} reads back, plus its status. */
    public static Map<String, Object> describe(VmRecord record, boolean running, List<String> addresses,
                                               IgniteConfiguration configuration) {
        VmSpec spec = record.spec();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", record.name());
        metadata.put("uid", record.id());
        metadata.put("created", record.created().toString());
        if (!spec.labels().isEmpty()) {
            metadata.put("labels", new java.util.TreeMap<>(spec.labels()));
        }
        Map<String, String> annotations = new java.util.TreeMap<>();
        annotations.put(NETWORK_ANNOTATION, spec.network());
        spec.env().forEach((k, v) -> annotations.put(ENV_ANNOTATION + k, v));
        metadata.put("annotations", annotations);

        Map<String, Object> kernel = new LinkedHashMap<>();
        kernel.put("oci", spec.kernel());
        if (!spec.kernelArgs().isEmpty()) {
            kernel.put("cmdLine", String.join(" ", spec.kernelArgs()));
        }
        Map<String, Object> vmSpec = new LinkedHashMap<>();
        vmSpec.put("image", Map.of("oci", spec.image()));
        vmSpec.put("kernel", kernel);
        vmSpec.put("cpus", spec.cpus());
        vmSpec.put("memory", SizeMib.format(spec.memoryMib()));
        if (spec.diskSizeMib() > 0) {
            vmSpec.put("diskSize", SizeMib.format(spec.diskSizeMib()));
        }
        if (!spec.ports().isEmpty()) {
            vmSpec.put("network", Map.of("ports", spec.ports().stream().map(p -> {
                Map<String, Object> port = new LinkedHashMap<>();
                port.put("bindAddress", p.hostAddress());
                port.put("hostPort", p.hostPort());
                port.put("vmPort", p.guestPort());
                port.put("protocol", p.protocol());
                return port;
            }).toList()));
        }
        if (!spec.volumes().isEmpty()) {
            List<Map<String, Object>> volumes = new java.util.ArrayList<>();
            List<Map<String, Object>> mounts = new java.util.ArrayList<>();
            for (int i = 0; i < spec.volumes().size(); i++) {
                Volume v = spec.volumes().get(i);
                volumes.add(Map.of("name", "volume" + i, "blockDevice", Map.of("path", v.hostFile().toString())));
                mounts.add(Map.of("name", "volume" + i, "mountPath", v.guestMountPoint()));
            }
            vmSpec.put("storage", Map.of("volumes", volumes, "volumeMounts", mounts));
        }
        if (!spec.copyFiles().isEmpty()) {
            vmSpec.put("copyFiles", spec.copyFiles().stream().map(c -> Map.of("hostPath", c.hostPath().toString(),
                    "vmPath", c.guestPath())).toList());
        }
        vmSpec.put("ssh", spec.authorizedKeys().isEmpty() ? (Object) true : spec.authorizedKeys().get(0));

        Map<String, Object> status = new LinkedHashMap<>();
        status.put("running", running);
        status.put("state", record.state().display());
        status.put("network", Map.of("plugin", spec.network(), "ipAddresses", addresses));
        status.put("image", Map.of("id", record.imageId()));
        status.put("kernel", Map.of("id", record.kernelId()));
        status.put("idPrefix", configuration.idPrefix());

        Map<String, Object> object = new LinkedHashMap<>();
        object.put("apiVersion", ApiObjects.API_VERSION);
        object.put("kind", "VM");
        object.put("metadata", metadata);
        object.put("spec", vmSpec);
        object.put("status", status);
        return object;
    }
}
