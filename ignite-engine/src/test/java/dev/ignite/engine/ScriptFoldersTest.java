package dev.ignite.engine;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The repository's scripts run as root (CI, check-unprivileged): they write only into folders no
 * other user can write or have made first ({@code scripts/lib/private-dirs}), never into a
 * world-writable one.
 */
class ScriptFoldersTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path LIB = REPO.resolve("scripts/lib/private-dirs");
    private static final int NOBODY = 65534;

    @TempDir
    Path tmp;

    @BeforeEach
    void asRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")), "the scripts run as root; so must this test");
    }

    @Test
    void privateDirMakesAMissingFolderForItsCallerOnly() throws Exception {
        Path dir = tmp.resolve("store");
        assertThat(bash("private_dir " + dir).exit).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(bash("private_dir " + dir).exit).as("its own folder, again").isZero();
    }

    @Test
    void privateDirRefusesAFolderAnotherUserMadeFirstASymlinkOrAWritableFolder() throws Exception {
        Path planted = Files.createDirectory(tmp.resolve("planted"));
        run("chown", NOBODY + ":" + NOBODY, planted.toString());
        assertThat(bash("private_dir " + planted)).satisfies(r -> {
            assertThat(r.exit).isNotZero();
            assertThat(r.err).contains(planted + " belongs to user nobody, not to root");
        });

        Path link = Files.createSymbolicLink(tmp.resolve("link"), Files.createDirectory(tmp.resolve("target")));
        assertThat(bash("private_dir " + link).err).contains(link + " is not a folder of its own");

        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(bash("private_dir " + open).err).contains(open + " is writable by others (mode 777)");
    }

    @Test
    void aWorkspaceForAnotherUserIsRootsOwnWithThatUsersHomeInside() throws Exception {
        Result made = bash("TMPDIR=" + tmp + " workspace_for " + NOBODY);
        assertThat(made.exit).as(made.err).isZero();
        Path top = Path.of(made.out.strip());
        assertThat(top.getParent()).isEqualTo(tmp);
        assertThat(Files.getOwner(top).getName()).isEqualTo("root");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(top))).isEqualTo("rwx--x--x");
        assertThat(Files.getOwner(top.resolve("home")).getName()).isEqualTo("nobody");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(top.resolve("home")))).isEqualTo("rwx------");
    }

    @Test
    void noScriptMakesAFolderWorldWritableAndRootsScriptsUseTheHelpers() throws Exception {
        Pattern worldWritable = Pattern.compile("chmod\\s+(-R\\s+)?(\\b0?777\\b|\\b(a|o|go|ugo)\\+[rx]*w|o=rwx)");
        List<String> offenders = new ArrayList<>();
        for (Path script : scripts()) {
            List<String> lines = Files.readAllLines(script);
            for (int i = 0; i < lines.size(); i++) {
                if (worldWritable.matcher(lines.get(i)).find()) {
                    offenders.add(REPO.relativize(script) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertThat(offenders).isEmpty();
        assertThat(Files.readString(REPO.resolve("scripts/check-unprivileged"))).contains("workspace_for 65534");
        assertThat(Files.readString(REPO.resolve(".ci/run"))).contains("private_dir \"$IGNITE_HOME\"");
    }

    private static List<Path> scripts() throws IOException {
        List<Path> scripts = new ArrayList<>();
        for (String folder : List.of(".ci", "scripts", "kernels", "images")) {
            try (Stream<Path> files = Files.walk(REPO.resolve(folder))) {
                files.filter(Files::isRegularFile)
                        .filter(f -> f.getParent().endsWith(".ci") || f.getParent().endsWith("scripts")
                                || f.getParent().endsWith("lib") || f.getFileName().toString().endsWith(".sh"))
                        .forEach(scripts::add);
            }
        }
        return scripts;
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result bash(String command) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", ". " + LIB + " && " + command).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), out, err);
    }

    private static void run(String... command) throws Exception {
        assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).isZero();
    }
}
