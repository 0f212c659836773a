package dev.ignite.engine.host;

import java.util.List;

/** What a finished host command printed and returned. */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {
    public boolean succeeded() {
        return exitCode == 0;
    }
}
