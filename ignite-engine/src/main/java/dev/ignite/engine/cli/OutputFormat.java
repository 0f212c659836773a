package dev.ignite.engine.cli;

/** How list and inspect commands print objects: an aligned table, or the objects as JSON or YAML. */
enum OutputFormat {
    TABLE, JSON, YAML
}
