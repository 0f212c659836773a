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

    @Option(names = {"-n", "--tail"}, paramLabel = "N", description = "Only the last N lines (then new output"
            + " with --follow).")
    Integer tail;

    @Override
    public Integer call() {
        if (tail != null && tail < 0) {
            throw new UsageError("--tail takes a number of lines, 0 or more; it was " + tail);
        }
        SerialLog log = Engine.open().vms().serialLog(vm);
        long from = tail == null ? 0 : log.startOfLastLines(tail);
        WriterStream out = new WriterStream(spec.commandLine().getOut());
        if (follow) {
            log.follow(from, out);
        } else {
            log.copy(from, out);
        }
        return 0;
    }
}
