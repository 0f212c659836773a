package dev.ignite.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "doctor", description = {"Check that this host can run VMs: QEMU and its version, KVM (or the TCG"
        + " notice), e2fsprogs, util-linux, a static busybox, vde2, the ssh client, the store and its free disk.",
        "Each problem line ends with the command that fixes it; exits 1 when something every VM needs is missing."})
final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<HostCheck> checks = HostChecks.run();
        checks.forEach(check -> out.println(check.line()));
        long failed = checks.stream().filter(c -> c.status() == HostCheck.Status.FAIL).count();
        long warned = checks.stream().filter(c -> c.status() == HostCheck.Status.WARN).count();
        out.println(failed > 0 ? failed + " required check(s) failed: VMs cannot run until they are fixed"
                : warned > 0 ? "ready to run VMs (" + warned + " warning(s) above)" : "ready to run VMs");
        out.flush();
        return failed > 0 ? CliErrors.ENGINE_ERROR : 0;
    }
}
