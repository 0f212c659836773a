package dev.ignite.engine.store;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.host.ProcStat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The store's staging space, one folder per process: {@code tmp/PID-STARTTICKS/}. An import or a
 * build killed halfway leaves its work there; whoever opens the store next removes the folders of
 * processes that no longer run, and never one of a live process (the start time in ticks tells a
 * live owner from a later process that got its PID).
 */
final class WorkFolders {
    private static final Logger LOG = LoggerFactory.getLogger(WorkFolders.class);
    private static final Pattern OWNED = Pattern.compile("(\\d+)-(\\d+)");
    private static final String OWN = ownName();

    private WorkFolders() {
    }

    private static String ownName() {
        long pid = ProcessHandle.current().pid();
        return pid + "-" + ProcStat.of(pid).map(ProcStat::startTicks).orElse(0L);
    }

    /** This process's folder under {@code tmp}, made if missing. */
    static Path own(Path tmp) {
        Path folder = tmp.resolve(OWN);
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new IgniteException("cannot create the staging folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Removes the folders of processes that have ended; other entries are left alone. */
    static void sweep(Path tmp) {
        List<Path> entries;
        try (Stream<Path> list = Files.list(tmp)) {
            entries = list.toList();
        } catch (IOException e) {
            LOG.warn("cannot list the staging folder {}: {}", tmp, e.getMessage());
            return;
        }
        for (Path entry : entries) {
            Matcher owner = OWNED.matcher(entry.getFileName().toString());
            if (owner.matches() && !ProcStat.isRunning(Long.parseLong(owner.group(1)), Long.parseLong(owner.group(2)))) {
                try {
                    FileTrees.deleteRecursively(entry);
                    LOG.debug("removed {}: the process that staged work there has ended", entry);
                } catch (IOException e) {
                    LOG.warn("cannot remove the stale staging folder {}: {}", entry, e.getMessage());
                }
            }
        }
    }
}
