package dev.ignite.samples;

import dev.ignite.engine.vm.Vm;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the system-software samples put into a guest that has no network of its own: the kernel's
 * modules (the images carry no /lib/modules) and Debian packages fetched on the host.
 */
final class GuestSetup {
    private GuestSetup() {
    }

    /** Loads modules of the VM's own kernel, given in dependency order as paths below its {@code kernel/} tree. */
    static void loadModules(Vm vm, String... modules) {
        Path tree = vm.kernel().modules().resolve("kernel");
        for (String module : modules) {
            Path ko = tree.resolve(module);
            vm.copyTo(ko, "/root/modules/" + ko.getFileName());
            vm.execOrFail("insmod /root/modules/" + ko.getFileName());
        }
    }

    /**
     * Downloads the packages with the host's apt (the images are Debian 12 like the build hosts) and
     * installs them with dpkg in a Debian guest; skipped, saying why, where the host cannot download them.
     */
    static void installDebianPackages(Vm vm, Path work, String... packages) throws IOException {
        Path debs = Files.createDirectories(work.resolve("debs"));
        List<String> command = new ArrayList<>(List.of("sh", "-c", "cd \"$0\" && apt-get download -q \"$@\"",
                debs.toString()));
        command.addAll(List.of(packages));
        Process download = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(download.getInputStream().readAllBytes());
        try {
            Assumptions.assumeTrue(download.waitFor() == 0, () -> "the host cannot download " + String.join(" ",
                    packages) + " with apt-get (run apt-get update?): " + output.strip());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while downloading packages", e);
        }
        vm.copyTo(debs, "/root/debs");
        vm.execOrFail("dpkg -i /root/debs/*.deb");
    }
}
