package dev.ignite.engine.vmm.qemu;

import dev.ignite.engine.host.ShellQuoting;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.store.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** QEMU migration as snapshots use it: device state to and from a file, guest RAM left in its file. */
final class Migration {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Migration() {
    }

    /** With {@code x-ignore-shared}, RAM in a shared or file-backed memory backend is not streamed. */
    static void ignoreSharedMemory(Qmp qmp) throws IOException {
        var capability = Json.MAPPER.createObjectNode().put("capability", "x-ignore-shared").put("state", true);
        var arguments = Json.MAPPER.createObjectNode();
        arguments.putArray("capabilities").add(capability);
        qmp.execute("migrate-set-capabilities", arguments);
    }

    /** Polls {@code query-migrate} until the migration completed; a failure or timeout throws. */
    static void await(Qmp qmp, String what) throws IOException {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            JsonNode status = qmp.execute("query-migrate", null);
            switch (status.path("status").asText()) {
                case "completed":
                    return;
                case "failed":
                case "cancelled":
                    throw new IgniteException(what + " failed: " + status.path("error-desc").asText("QEMU gave no reason"));
                default:
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IgniteException("interrupted while " + what, e);
                    }
            }
        }
        throw new IgniteException(what + " did not finish within " + TIMEOUT.toSeconds() + " s");
    }

    /** A path for QEMU's {@code exec:} URI, which a shell reads. */
    static String quote(Path path) {
        return ShellQuoting.quote(path.toString());
    }
}
