package dev.ignite.engine.host;

import dev.ignite.engine.IgniteException;

/** A host program the engine needs is not installed. */
public final class MissingHostToolException extends IgniteException {
    private final HostTool tool;

    public MissingHostToolException(HostTool tool) {
        super(String.format("'%s' was not found on this host: install it with `apt-get install %s`",
                tool.command(), tool.debianPackage()));
        this.tool = tool;
    }

    public HostTool tool() {
        return tool;
    }
}
