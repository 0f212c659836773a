package dev.ignite.engine.image;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.host.CommandResult;
import dev.ignite.engine.host.HostCommand;
import dev.ignite.engine.host.HostTool;
import dev.ignite.engine.host.HostTools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * What makes the same staged tree give a byte-identical ext4 image on any machine, so that template
 * keys (and the tests that run on them) match across CI runs: a file-system UUID and directory hash
 * seed derived from the tree, mkfs's own timestamps fixed ({@code E2FSPROGS_FAKE_TIME}), and each
 * inode's access and change times set to its modification time (the layers' timestamps): the
 * staging's extraction time would differ per run.
 */
final class ReproducibleExt4 {
    /** mkfs's clock for the superblock, the root folder and lost+found (1 Jan 2000). */
    static final long FIXED_TIME = 946_684_800L;

    private ReproducibleExt4() {
    }

    /** A UUID named by the tree's paths, types, sizes and modification times, in sorted order. */
    static UUID uuidOf(Path staging) throws IOException {
        try (Stream<Path> walk = Files.walk(staging)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path p : walk.sorted().toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                sha.update((staging.relativize(p) + "\0" + a.isDirectory() + a.isSymbolicLink() + "\0" + a.size() + "\0"
                        + a.lastModifiedTime().toMillis() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return UUID.nameUUIDFromBytes(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a host tool with mkfs's and debugfs's clock fixed. */
    static List<String> withFixedClock(HostTool tool, String... args) {
        List<String> command = new ArrayList<>(List.of("env", "E2FSPROGS_FAKE_TIME=" + FIXED_TIME,
                HostTools.require(tool).toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs the command and fails with its stderr when it exits non-zero. */
    static CommandResult check(List<String> command) {
        CommandResult result = HostCommand.run(command, null, Duration.ofMinutes(10));
        if (!result.succeeded()) {
            throw new IgniteException(command.get(2) + " failed (exit " + result.exitCode() + "): "
                    + (result.stderr().isBlank() ? result.stdout() : result.stderr()).strip());
        }
        return result;
    }

    /**
     * Sets each staged entry's access time to its modification time (mkfs copies both), and returns the
     * debugfs lines that set each inode's change time likewise: no one can set a ctime on the host.
     */
    static String normalizeTimes(Path staging) throws IOException {
        StringBuilder script = new StringBuilder();
        try (Stream<Path> walk = Files.walk(staging)) {
            for (Path p : walk.sorted().toList()) {
                BasicFileAttributeView view = Files.getFileAttributeView(p, BasicFileAttributeView.class,
                        LinkOption.NOFOLLOW_LINKS);
                FileTime mtime = view.readAttributes().lastModifiedTime();
                view.setTimes(mtime, mtime, null);
                String imagePath = "/" + staging.relativize(p);
                if (imagePath.indexOf('"') >= 0 || imagePath.indexOf('\n') >= 0) {
                    continue; // refused with a clear message by the ownership fix-up
                }
                script.append("sif \"").append(imagePath).append("\" ctime @").append(mtime.toMillis() / 1000)
                        .append('\n');
            }
        }
        return script.toString();
    }
}
