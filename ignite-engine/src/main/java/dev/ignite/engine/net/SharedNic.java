package dev.ignite.engine.net;

import java.nio.file.Path;

/** A VM's NIC on a shared network, as the VMM attaches it. */
public sealed interface SharedNic {
    String mac();

    /** A port on a vde_switch, reached through its control directory. */
    record VdePort(Path switchDir, String mac) implements SharedNic {
    }

    /** A TAP device the engine made (and attached to the bridge) for this VM. */
    record Tap(String device, String mac) implements SharedNic {
    }
}
