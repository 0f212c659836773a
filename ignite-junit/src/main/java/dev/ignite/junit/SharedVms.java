package dev.ignite.junit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * VMs of named shared scopes ({@code @MicroVM(shared = "name")}): started by the first element that
 * names the scope, handed to every later one with the same definition, and closed with the launcher
 * session, because the extension keeps this object in the session's store.
 */
final class SharedVms implements AutoCloseable {
    private record Entry(MicroVmDefinition definition, ManagedVm vm) {
    }

    private final Map<String, Entry> scopes = new ConcurrentHashMap<>();
    private final ScopedVms owned = new ScopedVms();

    /** The scope's VM, started now by {@code start} if the scope has none; refused for a different definition. */
    ManagedVm get(MicroVmDefinition definition, Supplier<ManagedVm> start) {
        Entry entry = scopes.computeIfAbsent(definition.shared(), name -> {
            ManagedVm vm = start.get();
            owned.add(vm);
            return new Entry(definition, vm);
        });
        if (!entry.definition().sameVmAs(definition)) {
            throw new org.junit.jupiter.api.extension.ExtensionConfigurationException(String.format(
                    "@MicroVM %s: shared scope \"%s\" was already started by %s with %s, but this asks for %s: "
                            + "give one of them another shared name, or the same attributes",
                    definition.element(), definition.shared(), entry.definition().element(),
                    entry.definition().spec(), definition.spec()));
        }
        return entry.vm();
    }

    @Override
    public void close() {
        scopes.clear();
        owned.close();
    }
}
