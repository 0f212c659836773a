package dev.ignite.engine.cli;

import dev.ignite.engine.access.ExecRequest;
import dev.ignite.engine.host.ShellQuoting;
import dev.ignite.engine.vm.Vm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "cp", description = {"Copy files or folders between the host and a running VM (SFTP), keeping modes"
        + " and symbolic links: `ignite cp ./app my-vm:/opt/app`, `ignite cp my-vm:/var/log/syslog .`.",
        "As with docker cp, a DST that is an existing folder receives SRC inside it; otherwise DST names the copy."})
final class CpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SRC", description = "HOST_PATH or VM:PATH.")
    String source;

    @Parameters(index = "1", paramLabel = "DST", description = "HOST_PATH or VM:PATH.")
    String destination;

    @Override
    public Integer call() {
        CopyEndpoint from = CopyEndpoint.parse(source);
        CopyEndpoint to = CopyEndpoint.parse(destination);
        if (from.inVm() == to.inVm()) {
            throw new UsageError(from.inVm() ? "copying from one VM to another is not supported: copy to the host"
                    + " first" : "one of SRC and DST must be in a VM, written VM:PATH (e.g. my-vm:/tmp)");
        }
        var vms = Engine.open().vms();
        if (to.inVm()) {
            Vm vm = vms.get(to.vm());
            Path hostPath = Path.of(from.path());
            String guestPath = guestIsFolder(vm, to.path())
                    ? to.path().replaceAll("/+$", "") + "/" + hostPath.toAbsolutePath().normalize().getFileName()
                    : to.path();
            vm.copyTo(hostPath, guestPath);
        } else {
            Vm vm = vms.get(from.vm());
            Path hostPath = Path.of(to.path());
            vm.copyFrom(from.path(), Files.isDirectory(hostPath) ? hostPath.resolve(from.fileName()) : hostPath);
        }
        return 0;
    }

    private static boolean guestIsFolder(Vm vm, String path) {
        return vm.exec(ExecRequest.of("test -d " + ShellQuoting.quote(path))).exitCode() == 0;
    }
}
