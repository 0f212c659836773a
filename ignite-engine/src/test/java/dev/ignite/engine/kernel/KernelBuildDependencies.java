package dev.ignite.engine.kernel;

import dev.ignite.engine.host.HostCommand;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;

/**
 * The Debian packages kernels/microvm/build.sh needs to compile a kernel, checked the way the script
 * checks them (programs on the PATH it inherits, headers the compiler finds), so a test can skip
 * naming them.
 */
final class KernelBuildDependencies {
    private record Program(String command, String debianPackage) {
    }

    private record Header(String include, String debianPackage) {
    }

    private static final List<Program> PROGRAMS = List.of(new Program("gcc", "gcc"), new Program("make", "make"),
            new Program("flex", "flex"), new Program("bison", "bison"), new Program("bc", "bc"),
            new Program("xz", "xz-utils"), new Program("perl", "perl"));
    private static final List<Header> HEADERS = List.of(new Header("stdio.h", "libc6-dev"),
            new Header("libelf.h", "libelf-dev"), new Header("openssl/ssl.h", "libssl-dev"));

    private KernelBuildDependencies() {
    }

    /** The packages to install first; empty when the recipe can build. */
    static List<String> missing() {
        List<String> missing = new ArrayList<>();
        for (Program program : PROGRAMS) {
            if (!onPath(program.command())) {
                missing.add(program.debianPackage());
            }
        }
        boolean compiler = onPath("gcc");
        for (Header header : HEADERS) {
            if (compiler && !compilerFinds(header.include())) {
                missing.add(header.debianPackage());
            }
        }
        return missing;
    }

    private static boolean onPath(String command) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    private static boolean compilerFinds(String header) {
        return HostCommand.run(List.of("gcc", "-E", "-x", "c", "-include", header, "/dev/null"), null,
                Duration.ofSeconds(30)).succeeded();
    }
}
