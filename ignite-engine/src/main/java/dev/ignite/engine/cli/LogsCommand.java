package dev.ignite.engine.cli;

import dev.ignite.engine.vm.SerialLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "logs", description = "Print a VM's serial console log: the whole boot and everything typed and"
        + " printed on the console since.")
final class LogsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "VM", description = "VM name or ID.")
    String vm;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new output until the VM stops.")
    boolean follow;

    @Override
    public Integer call() {
        SerialLog log = Engine.open().vms().serialLog(vm);
        if (follow) {
            log.follow(0, System.out);
        } else {
            System.out.print(log.text());
            System.out.flush();
        }
        return 0;
    }
}
