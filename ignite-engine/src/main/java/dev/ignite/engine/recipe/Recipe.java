package dev.ignite.engine.recipe;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.host.CommandResult;
import dev.ignite.engine.host.HostCommand;
import dev.ignite.engine.store.FileTrees;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A recipe shipped in the engine jar: a folder with a {@code build.sh OUTDIR} that stages an image
 * tree from Debian packages. Running it copies the folder out of the jar and runs the script.
 */
public enum Recipe {
    TINY_IMAGE("images/tiny", false),
    /** Debian 12 with systemd; its build.sh writes a layer tar (mmdebstrap keeps owners and devices). */
    DEBIAN_IMAGE("images/debian", true),
    DEBIAN_CLOUD_KERNEL("kernels/debian-cloud", false),
    /** Compiled from linux-source-6.1, everything built in: several minutes on 2 cores, so more time. */
    MICROVM_KERNEL("kernels/microvm", false, Duration.ofMinutes(60),
            "compiling Linux from Debian's linux-source-6.1: several minutes, once per store");

    private final Duration timeout;
    private final String folder;
    private final boolean writesLayerTar;
    private final String how;
    private String digest;

    Recipe(String folder, boolean writesLayerTar) {
        this(folder, writesLayerTar, Duration.ofMinutes(15), "Debian packages");
    }

    Recipe(String folder, boolean writesLayerTar, Duration timeout, String how) {
        this.folder = folder;
        this.writesLayerTar = writesLayerTar;
        this.timeout = timeout;
        this.how = how;
    }

    /** What building it takes, for progress lines: users wait minutes for a compiled kernel. */
    public String how() {
        return how;
    }

    /** Whether {@code build.sh OUT} writes OUT as a finished layer tar rather than staging a folder. */
    public boolean writesLayerTar() {
        return writesLayerTar;
    }

    public String folder() {
        return folder;
    }

    /**
     * A digest of the recipe's files (paths and contents): what the default built from it is cached
     * under, so a changed recipe is built again instead of its old result being reused.
     */
    public synchronized String digest() {
        if (digest == null) {
            try {
                Path copy = Files.createTempDirectory("ignite-recipe-");
                try {
                    copyOutOfJar(copy);
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    try (Stream<Path> walk = Files.walk(copy)) {
                        for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                            sha.update(copy.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                            sha.update((byte) 0);
                            sha.update(Files.readAllBytes(file));
                        }
                    }
                    digest = HexFormat.of().formatHex(sha.digest()).substring(0, 16);
                } finally {
                    FileTrees.deleteQuietly(copy, null);
                }
            } catch (IOException | NoSuchAlgorithmException e) {
                throw new IgniteException("cannot read recipe " + folder + ": " + e.getMessage(), e);
            }
        }
        return digest;
    }

    /** Stages the recipe's tree into {@code out} (which must not exist yet); returns the script's output. */
    public String stage(Path out, Path scratch) {
        Path copy = null;
        try {
            copy = Files.createTempDirectory(scratch, "recipe-");
            copyOutOfJar(copy);
            CommandResult result = runBuild(copy, out);
            if (!result.succeeded()) {
                throw new IgniteException(failureMessage(folder, result.exitCode(), result.stderr()));
            }
            return result.stdout().strip();
        } catch (IOException e) {
            throw new IgniteException("cannot run recipe " + folder + ": " + e.getMessage(), e);
        } finally {
            if (copy != null) {
                FileTrees.deleteQuietly(copy, null);
            }
        }
    }

    /**
     * The script's own verdict (its last stderr line, a recipe's {@code die}) first, since the CLI
     * shows only the first line; then everything else it printed (a kernel build's log tail).
     */
    static String failureMessage(String folder, int exitCode, String stderr) {
        List<String> lines = stderr.strip().lines().toList();
        String verdict = lines.isEmpty() ? "it printed nothing on stderr" : lines.get(lines.size() - 1);
        String rest = String.join("\n", lines.subList(0, Math.max(0, lines.size() - 1))).strip();
        return "recipe " + folder + " failed (exit " + exitCode + "): " + verdict
                + (rest.isEmpty() ? "" : "\nits output before that:\n" + rest);
    }

    private CommandResult runBuild(Path copy, Path out) {
        try {
            return HostCommand.run(List.of("bash", copy.resolve("build.sh").toString(), out.toString()), copy, timeout);
        } catch (IgniteException e) {
            throw new IgniteException("recipe " + folder + ": " + e.getMessage(), e);
        }
    }

    private void copyOutOfJar(Path target) throws IOException {
        String resource = "/dev/ignite/engine/recipe/" + folder;
        URL url = Recipe.class.getResource(resource);
        if (url == null) {
            throw new IgniteException("the engine jar lacks recipe " + folder + ": rebuild it with `mvn package`");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    copyTree(jar.getPath(resource), target);
                }
            } else {
                copyTree(Path.of(uri), target);
            }
        } catch (URISyntaxException e) {
            throw new IgniteException("bad recipe location " + url, e);
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.toList()) {
                Path dest = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
