package dev.ignite.engine.store;

import dev.ignite.engine.IgniteException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store's root and what the engine writes below it are private to the store's user. */
class IgniteHomePrivacyTest {
    @TempDir
    Path tmp;

    @Test
    void aNewStoreIsPrivateAndSoAreItsMetadataAndLocks() throws IOException {
        IgniteHome home = IgniteHome.at(tmp.resolve("new"));
        assertThat(mode(home.root())).isEqualTo("rwx------");
        assertThat(mode(home.vms())).isEqualTo("rwx------");
        Json.write(home.tmp().resolve("meta.json"), java.util.Map.of("a", 1));
        assertThat(mode(home.tmp().resolve("meta.json"))).isEqualTo("rw-------");
        try (StoreLock ignored = StoreLock.acquire(home, "x")) {
            assertThat(mode(home.locks().resolve("x.lock"))).isEqualTo("rw-------");
        }
    }

    @Test
    void anOlderStoreOpenToAllIsClosedOnceWithEverythingInIt() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("old/vms/abc"));
        Files.writeString(root.resolve("vm.json"), "{}");
        Files.setPosixFilePermissions(root.resolve("vm.json"), PosixFilePermissions.fromString("rw-r--r--"));
        for (Path dir : new Path[]{root, root.getParent(), tmp.resolve("old")}) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        IgniteHome home = IgniteHome.at(tmp.resolve("old"));
        assertThat(mode(home.root())).isEqualTo("rwx------");
        assertThat(mode(root)).isEqualTo("rwx------");
        assertThat(mode(root.resolve("vm.json"))).isEqualTo("rw-------");
    }

    @Test
    void aFolderOpenToAllWithOtherContentIsRefusedNotClosed() throws IOException {
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        Files.writeString(shared.resolve("notes.txt"), "someone else's");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThatThrownBy(() -> IgniteHome.at(shared)).isInstanceOf(IgniteException.class)
                .hasMessageContaining("is open to other users and holds files that are not the store's");
        assertThat(mode(shared)).isEqualTo("rwxr-xr-x");
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
