package dev.ignite.engine.daemon;

import java.nio.file.Path;

/** Where the desired VMs come from: a folder as it is, or a git repository's branch checked out anew. */
public interface ManifestSource {
    /** Brings the manifests up to date and returns the folder that holds them. */
    Path sync();

    /** For the one-line reports: the folder or repository and branch. */
    String describe();

    static ManifestSource folder(Path folder) {
        return new ManifestSource() {
            @Override
            public Path sync() {
                return folder;
            }

            @Override
            public String describe() {
                return folder.toString();
            }
        };
    }
}
