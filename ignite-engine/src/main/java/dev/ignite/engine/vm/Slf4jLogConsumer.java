package dev.ignite.engine.vm;

import org.slf4j.Logger;

import java.util.function.Consumer;

/**
 * Console lines to an SLF4J logger at INFO, each prefixed with the VM's name, as Testcontainers'
 * consumer of that name: {@code vm.followOutput(new Slf4jLogConsumer(LOG, vm.name()))}.
 */
public final class Slf4jLogConsumer implements Consumer<String> {
    private final Logger logger;
    private final String prefix;

    public Slf4jLogConsumer(Logger logger, String vmName) {
        this.logger = logger;
        this.prefix = "[" + vmName + "] ";
    }

    @Override
    public void accept(String line) {
        logger.info("{}{}", prefix, line);
    }
}
