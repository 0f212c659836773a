package dev.ignite.engine.daemon;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.host.CommandResult;
import dev.ignite.engine.host.HostCommand;
import dev.ignite.engine.host.HostTool;
import dev.ignite.engine.host.HostTools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A git repository's branch as manifests ({@code ignited gitops}): cloned once into {@code workTree},
 * then on each sync fetched and checked out as the remote has it (local edits and deleted files
 * follow the branch). Uses the git CLI: any URL git understands works, a local path or
 * {@code file://} repository included, with the user's own git credentials.
 */
public final class GitSource implements ManifestSource {
    private final String repository;
    private final String branch;
    private final Path workTree;
    private final Duration timeout;
    private String lastCommit = "";

    public GitSource(String repository, String branch, Path workTree, Duration timeout) {
        this.repository = repository;
        this.branch = branch;
        this.workTree = workTree;
        this.timeout = timeout;
    }

    @Override
    public Path sync() {
        if (!Files.isDirectory(workTree.resolve(".git"))) {
            git(workTree.getParent(), "clone", "--quiet", "--branch", branch, "--single-branch", repository,
                    workTree.toString());
        } else {
            git(workTree, "fetch", "--quiet", "origin", branch);
            git(workTree, "reset", "--quiet", "--hard", "FETCH_HEAD");
            git(workTree, "clean", "--quiet", "-fdx");
        }
        lastCommit = git(workTree, "rev-parse", "--short", "HEAD").strip();
        return workTree;
    }

    /** The commit the last sync checked out. */
    public String commit() {
        return lastCommit;
    }

    @Override
    public String describe() {
        return repository + " (branch " + branch + (lastCommit.isEmpty() ? "" : ", at " + lastCommit) + ")";
    }

    private String git(Path folder, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(HostTools.require(HostTool.GIT).toString(),
                "-C", folder.toString()));
        command.addAll(List.of(args));
        CommandResult result = HostCommand.run(command, null, timeout);
        if (result.exitCode() != 0) {
            throw new IgniteException("git " + String.join(" ", args) + " failed for " + repository + ": "
                    + result.stderr().strip());
        }
        return result.stdout();
    }
}
