package dev.ignite.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ignite.engine.Ignite;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.manifest.ArtifactObject;
import dev.ignite.engine.manifest.VmObject;
import dev.ignite.engine.store.Json;
import dev.ignite.engine.vm.VmState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "inspect", description = {"Print VMs, images or kernels: one object, or an array when several are named.",
        "Ignite's form `inspect KIND NAME` (KIND: vm, image, kernel) prints Ignite's v1alpha4 object, which"
                + " `run --config` reads back (`inspect vm my-vm -o yaml > my-vm.yaml`).",
        "Docker's form `inspect NAME...` prints the objects as the store keeps them (kind, apiVersion, spec,"
                + " state, ...); a name is looked up among VMs first, then images, then kernels; --type picks one kind."})
final class InspectCommand implements Callable<Integer> {
    enum Kind { VM, IMAGE, KERNEL }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "[KIND] NAME", arity = "1..*", description = "Optionally vm, image or kernel, then names"
            + " or unique ID prefixes.")
    List<String> references;

    @Option(names = "--type", paramLabel = "KIND", description = "Only look among: vm, image or kernel.")
    Kind type;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "json",
            description = "json (default) or yaml.")
    OutputFormat output;

    @Option(names = {"-t", "--template"}, paramLabel = "TEMPLATE", description = "Print each object through a Go"
            + " template of field paths, e.g. {{.Spec.Image.OCI}}, {{.ObjectMeta.Name}}, {{.Status.IPAddresses}}.")
    String template;

    @Override
    public Integer call() {
        if (output == OutputFormat.TABLE) {
            throw new UsageError("inspect prints json or yaml; for a table use `ignite ps`, `ignite images` or"
                    + " `ignite kernels`");
        }
        Ignite ignite = Engine.open();
        List<String> names = references;
        boolean igniteForm = type == null && references.size() > 1 && kindNamed(references.get(0)).isPresent();
        Kind kind = igniteForm ? kindNamed(references.get(0)).get() : type;
        if (igniteForm) {
            names = references.subList(1, references.size());
        }
        List<Object> found = new ArrayList<>();
        for (String reference : names) {
            Object object = find(ignite, kind, reference);
            found.add(igniteForm ? apiObject(ignite, object) : object);
        }
        if (template != null) {
            for (Object object : found) {
                spec.commandLine().getOut().println(ObjectTemplate.render(template,
                        Json.MAPPER.valueToTree(object)));
            }
        } else {
            spec.commandLine().getOut().print(Structured.write(found.size() == 1 ? found.get(0) : found, output));
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static Optional<Kind> kindNamed(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "vm", "vms" -> Optional.of(Kind.VM);
            case "image", "images" -> Optional.of(Kind.IMAGE);
            case "kernel", "kernels" -> Optional.of(Kind.KERNEL);
            default -> Optional.empty();
        };
    }

    private Object apiObject(Ignite ignite, Object object) {
        if (object instanceof dev.ignite.engine.vm.VmRecord vm) {
            return VmObject.describe(vm, vm.state() == VmState.RUNNING, VmAddresses.of(ignite).of(vm),
                    IgniteCli.of(spec).configuration());
        }
        if (object instanceof dev.ignite.engine.image.Image image) {
            return ArtifactObject.describe(image);
        }
        return ArtifactObject.describe((dev.ignite.engine.kernel.Kernel) object);
    }

    private static Object find(Ignite ignite, Kind type, String reference) {
        Optional<?> object = Optional.empty();
        if (type == null || type == Kind.VM) {
            object = ignite.vms().find(reference);
        }
        if (object.isEmpty() && (type == null || type == Kind.IMAGE)) {
            object = ignite.images().find(reference);
        }
        if (object.isEmpty() && (type == null || type == Kind.KERNEL)) {
            object = ignite.kernels().find(reference);
        }
        return object.orElseThrow(() -> new IgniteException("no " + (type == null ? "VM, image or kernel"
                : type.name().toLowerCase(Locale.ROOT)) + " with the name or ID prefix '" + reference
                + "': see `ignite ps -a`, `ignite images`, `ignite kernels`"));
    }
}
