package dev.ignite.engine.cli;

import dev.ignite.engine.vm.SerialLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "logs", description = "Print a VM's serial console log: the whole boot and everything typed and"
        + " printed on the console since.")
final class LogsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "VM", description = "VM name or unique ID prefix.")
    String vm;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new output until the VM stops.")
    boolean follow;

    @Override
    public Integer call() {
        SerialLog log = Engine.open().vms().serialLog(vm);
        if (follow) {
            log.follow(0, new WriterStream(spec.commandLine().getOut()));
        } else {
            spec.commandLine().getOut().print(log.text());
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
