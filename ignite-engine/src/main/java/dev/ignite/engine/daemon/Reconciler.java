package dev.ignite.engine.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ignite.engine.Ignite;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.manifest.ApiObjects;
import dev.ignite.engine.manifest.IgniteConfiguration;
import dev.ignite.engine.manifest.VmObject;
import dev.ignite.engine.recipe.OnTheSpot;
import dev.ignite.engine.store.Json;
import dev.ignite.engine.vm.LaunchOptions;
import dev.ignite.engine.vm.VmRecord;
import dev.ignite.engine.vmm.Ownership;
import dev.ignite.engine.vm.VmSpec;
import dev.ignite.engine.vm.VmState;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Ignite's manifest reconciliation, as {@code ignited daemon} and {@code ignited gitops} do it: the
 * {@code kind: VM} objects in a folder's YAML and JSON files are the VMs that should exist. A new one
 * is created (and started unless {@code status.running: false}), a changed spec replaces its VM, a
 * running flag that differs starts or stops it, and a VM this reconciler made whose object is gone is
 * removed. VMs it made carry the labels {@link #MANAGED_BY} and {@link #SPEC_DIGEST}; it leaves every
 * other VM alone. Each action is reported as one line.
 */
public final class Reconciler {
    public static final String MANAGED_BY = "ignite.dev/managed-by";
    public static final String SPEC_DIGEST = "ignite.dev/spec-digest";
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Ignite ignite;
    private final IgniteConfiguration configuration;
    private final String manager;
    private final Consumer<String> report;

    /** {@code manager} names the source ({@code daemon:/etc/firecracker/manifests}); its VMs are labelled with it. */
    public Reconciler(Ignite ignite, IgniteConfiguration configuration, String manager, Consumer<String> report) {
        this.ignite = ignite;
        this.configuration = configuration;
        this.manager = manager.replaceAll("[^A-Za-z0-9_.-]", "_");
        this.report = report;
    }

    /** One pass over {@code folder}; a bad file is reported and skipped, so the others still apply. */
    public void reconcile(Path folder) {
        Map<String, VmObject> desired = new LinkedHashMap<>();
        for (Path file : manifestFiles(folder)) {
            try {
                for (JsonNode object : ApiObjects.ofKind(file, "VM")) {
                    VmObject vm = VmObject.read(object, configuration, file.getParent());
                    if (desired.putIfAbsent(vm.name(), vm) != null) {
                        report.accept("skipped VM " + vm.name() + " in " + folder.relativize(file)
                                + ": another file names it too");
                    }
                }
            } catch (IgniteException e) {
                report.accept("skipped " + folder.relativize(file) + ": " + e.getMessage());
            }
        }
        desired.values().forEach(this::apply);
        for (VmRecord vm : ignite.vms().list()) {
            if (manager.equals(vm.spec().labels().get(MANAGED_BY)) && !desired.containsKey(vm.name())) {
                act("removed VM " + vm.name() + ": its manifest is gone", () -> ignite.vms().remove(vm.id(), true));
            }
        }
    }

    private void apply(VmObject wanted) {
        String digest = digest(wanted.spec());
        VmSpec spec = wanted.spec().toBuilder().putLabel(MANAGED_BY, manager).putLabel(SPEC_DIGEST, digest).build();
        VmRecord existing = ignite.vms().find(wanted.name()).orElse(null);
        if (existing != null && !manager.equals(existing.spec().labels().get(MANAGED_BY))) {
            report.accept("skipped VM " + wanted.name() + ": a VM of that name exists that this " + manager
                    + " did not make (remove it, or rename the manifest's VM)");
            return;
        }
        if (existing == null) {
            act((wanted.running() ? "started" : "created") + " VM " + wanted.name(), () -> create(spec, wanted.running()));
        } else if (!digest.equals(existing.spec().labels().get(SPEC_DIGEST))) {
            act("replaced VM " + wanted.name() + ": its spec changed", () -> {
                ignite.vms().remove(existing.id(), true);
                create(spec, wanted.running());
            });
        } else if (wanted.running() && existing.state() != VmState.RUNNING) {
            act("started VM " + wanted.name(), () -> ignite.vms().get(existing.id()).start());
        } else if (!wanted.running() && existing.state() == VmState.RUNNING) {
            act("stopped VM " + wanted.name() + ": status.running is false",
                    () -> ignite.vms().get(existing.id()).stop(STOP_TIMEOUT));
        }
    }

    private void create(VmSpec spec, boolean start) {
        OnTheSpot.importMissing(ignite, spec, report);
        ignite.launch(spec, LaunchOptions.builder().setOwnership(Ownership.DETACHED).setStart(start).build());
    }

    /** Does the action and reports it, or reports why it failed; the next pass tries again. */
    private void act(String done, Runnable action) {
        try {
            action.run();
            report.accept(done);
        } catch (RuntimeException e) {
            report.accept("failed: " + done.replaceFirst(":.*", "") + ": " + e.getMessage());
        }
    }

    private static List<Path> manifestFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IgniteException("manifest folder " + folder + " does not exist: create it, or give another with"
                    + " --manifest-dir");
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> !folder.relativize(f).toString().startsWith(".git"))
                    .filter(f -> f.toString().matches(".*\\.(ya?ml|json)$") && Files.isRegularFile(f))
                    .sorted().toList();
        } catch (IOException e) {
            throw new IgniteException("cannot list manifests in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The spec as written, so any change to it (not a restart) makes a new digest. */
    static String digest(VmSpec spec) {
        try {
            byte[] json = Json.MAPPER.writeValueAsString(spec).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json)).substring(0, 16);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IgniteException("cannot digest the spec of VM " + spec.name() + ": " + e.getMessage(), e);
        }
    }
}
