package dev.ignite.engine.store;

import java.nio.file.Path;
import java.time.Instant;

/** An object the store keeps in a folder of its own with a JSON metadata file, found by name or ID. */
public interface StoredObject<T extends StoredObject<T>> {
    /** The version of every kind's metadata schema (Image, Kernel, VM, Snapshot, Network), like Ignite's API objects. */
    String API_VERSION = "ignite.dev/v1alpha1";

    String id();

    String name();

    /** The full content digest ({@code sha256:…}) or, for objects without content, the full ID. */
    String digest();

    Instant created();

    Path folder();

    T withName(String name);

    T at(Path folder);
}
