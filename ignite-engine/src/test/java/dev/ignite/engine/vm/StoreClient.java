package dev.ignite.engine.vm;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.store.IgniteHome;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM on the same store, for tests of what happens across processes. Prints one line per
 * result on stdout: {@code CREATED name id}, {@code CLASH name}, {@code DONE}, {@code RUNNING name qemuPid}.
 */
public final class StoreClient {
    private StoreClient() {
    }

    /** Starts {@code StoreClient} with the test's classpath: {@code run} boots a VM and waits to be killed. */
    static Process launch(Path store, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dignite.home=" + store, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                StoreClient.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    public static void main(String[] args) throws Exception {
        Ignite ignite = Ignite.open(IgniteHome.fromEnvironment());
        switch (args[0]) {
            case "create" -> {
                // create COUNT [NAME...]: COUNT VMs with generated names, then one per NAME
                for (int i = 0; i < Integer.parseInt(args[1]); i++) {
                    Vm vm = created(ignite, VmSpec.builder(Ignite.DEFAULT_IMAGE, Ignite.DEFAULT_KERNEL).build());
                    System.out.println("CREATED " + vm.name() + " " + vm.id());
                }
                for (int i = 2; i < args.length; i++) {
                    try {
                        Vm vm = created(ignite, VmSpec.builder(Ignite.DEFAULT_IMAGE, Ignite.DEFAULT_KERNEL)
                                .setName(args[i]).build());
                        System.out.println("CREATED " + vm.name() + " " + vm.id());
                    } catch (IgniteException e) {
                        System.out.println("CLASH " + args[i]);
                    }
                }
                // Stay alive (and keep owning the VMs) until the test closes our stdin.
                System.out.println("DONE");
                System.out.flush();
                while (System.in.read() != -1) {
                    continue;
                }
            }
            case "run" -> {
                Vm vm = ignite.launch(VmSpec.builder(Ignite.DEFAULT_IMAGE, Ignite.DEFAULT_KERNEL).setMemoryMib(192).build());
                System.out.println("RUNNING " + vm.name() + " " + vm.record().pid());
                System.out.flush();
                TimeUnit.MINUTES.sleep(10);
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.flush();
    }

    /** Made, not started: the launch path with start off. */
    private static Vm created(Ignite ignite, VmSpec spec) {
        return ignite.launch(spec, LaunchOptions.builder().setStart(false).build());
    }
}
