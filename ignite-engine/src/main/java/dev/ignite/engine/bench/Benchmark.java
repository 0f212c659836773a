package dev.ignite.engine.bench;

import dev.ignite.engine.host.Sleep;
import dev.ignite.engine.Ignite;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.access.HostKey;
import dev.ignite.engine.access.SshConnection;
import dev.ignite.engine.host.HostCommand;
import dev.ignite.engine.host.HostTool;
import dev.ignite.engine.host.HostTools;
import dev.ignite.engine.image.Image;
import dev.ignite.engine.image.ImportBenchmark;
import dev.ignite.engine.image.ImportSpec;
import dev.ignite.engine.kernel.Kernel;
import dev.ignite.engine.net.FreePorts;
import dev.ignite.engine.recipe.Recipe;
import dev.ignite.engine.store.FileTrees;
import dev.ignite.engine.vm.BootMode;
import dev.ignite.engine.vm.LaunchListener;
import dev.ignite.engine.vm.LaunchOptions;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.VmSpec;
import dev.ignite.engine.vm.VmState;
import dev.ignite.engine.vmm.qemu.HostCpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * What a user waits for, measured end to end on this host: cold boot and snapshot restore to the
 * first command through the guest agent and over SSH, exec round trips, many restores at once, idle memory per VM, image import, and the floor: the
 * same kernel, initramfs and disk booted by a hand-written QEMU command line.
 */
public final class Benchmark {
    /** Launches as timed: the image, kernel and snapshot were made before, so nothing to report. */
    private static final LaunchOptions CLONE = LaunchOptions.builder().setListener(new LaunchListener() { }).build();
    private static final LaunchOptions COLD = CLONE.toBuilder().setBoot(BootMode.COLD).build();

    private final Ignite ignite;
    private final String image;
    private final String kernel;
    private final int runs;
    private final int parallel;
    private final Consumer<String> progress;

    /** Benchmarks VMs of {@code image} on {@code kernel} (names or IDs); the raw QEMU floor boots the same pair. */
    public Benchmark(Ignite ignite, String image, String kernel, int runs, int parallel, Consumer<String> progress) {
        if (runs < 1 || parallel < 1) {
            throw new IgniteException("runs and parallel VMs must be at least 1");
        }
        this.ignite = ignite;
        this.image = image;
        this.kernel = kernel;
        this.runs = runs;
        this.parallel = parallel;
        this.progress = progress;
    }

    public BenchmarkResult run() {
        VmSpec spec = VmSpec.builder(image, kernel).build();
        ignite.vms().snapshots().ensure(spec, List.of(), progress);
        String kernelVersion = ignite.kernels().get(kernel).version();
        List<Stats> results = new ArrayList<>();
        results.add(rawQemu(spec));
        results.addAll(timed("cold boot", () -> ignite.launch(spec, COLD)));
        results.addAll(timed("restore", () -> ignite.launch(spec, CLONE)));
        results.addAll(execRoundTrips(spec));
        results.add(warmPool(spec));
        results.add(parallelRestores(spec, false));
        results.add(parallelRestores(spec, true));
        results.addAll(idleMemory(spec));
        results.addAll(imports());
        return new BenchmarkResult(runs, HostDescription.describe(), image, kernel, kernelVersion, results);
    }

    private interface VmStarter {
        Vm start();
    }

    /**
     * Seconds from asking for a VM to the answer of its first command ({@code true}) through the
     * guest agent, and then to the first over SSH (a fresh connection, polled from when the agent
     * answered: the image's SSH server starts independently of the agent).
     */
    private List<Stats> timed(String what, VmStarter starter) {
        List<Double> agent = new ArrayList<>();
        List<Double> ssh = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long started = System.nanoTime();
            try (Vm vm = starter.start()) {
                vm.execOrFail("true");
                agent.add(seconds(started));
                try (SshConnection connection = awaitSsh(vm)) {
                    connection.exec("true", Duration.ofSeconds(30));
                    ssh.add(seconds(started));
                }
            }
            progress.accept(what + " " + (i + 1) + "/" + runs + ": agent " + format(agent.get(i)) + " s, SSH "
                    + format(ssh.get(i)) + " s");
        }
        return List.of(new Stats(what + " to first command (agent)", "s", agent),
                new Stats(what + " to first SSH command", "s", ssh));
    }

    /** Milliseconds per {@code true} on a running VM: through its agent, and on one open SSH connection. */
    private List<Stats> execRoundTrips(VmSpec spec) {
        int count = Math.max(20, runs * 5);
        List<Double> agent = new ArrayList<>();
        List<Double> ssh = new ArrayList<>();
        try (Vm vm = ignite.launch(spec, CLONE);
             SshConnection connection = awaitSsh(vm)) {
            for (int i = 0; i < count; i++) {
                long started = System.nanoTime();
                vm.execOrFail("true");
                agent.add(seconds(started) * 1000);
                started = System.nanoTime();
                connection.exec("true", Duration.ofSeconds(30));
                ssh.add(seconds(started) * 1000);
            }
        }
        Stats agentStats = new Stats("exec round trip on a running VM (agent)", "ms", agent);
        Stats sshStats = new Stats("exec round trip on a running VM (SSH, open connection)", "ms", ssh);
        progress.accept(count + " exec round trips: agent " + format(agentStats.median()) + " ms, SSH "
                + format(sshStats.median()) + " ms (medians)");
        return List.of(agentStats, sshStats);
    }

    /**
     * What a test sees with a warm pool of 2: from asking for a VM to its first answer, with 2 s of
     * "test" between takes during which the pool refills.
     */
    private Stats warmPool(VmSpec spec) {
        List<Double> samples = new ArrayList<>();
        LaunchOptions fromPool = CLONE.toBuilder().setWarmPool(2).build();
        try (Ignite engine = Ignite.open(ignite.home())) { // its own engine: closing it removes the idle clones
            engine.launch(spec, fromPool).close(); // fills the pool, as a test class's setup would
            sleep(Duration.ofSeconds(4));
            for (int i = 0; i < runs; i++) {
                long started = System.nanoTime();
                try (Vm vm = engine.launch(spec, fromPool)) {
                    vm.execOrFail("true");
                    samples.add(seconds(started));
                    sleep(Duration.ofSeconds(2));
                }
                progress.accept("warm pool take " + (i + 1) + "/" + runs + ": " + format(samples.get(i)) + " s");
            }
        }
        return new Stats("warm pool (2 clones) take to first SSH command", "s", samples);
    }

    /** Wall time until all of {@code parallel} restored VMs answered a command (through the agent, or SSH). */
    private Stats parallelRestores(VmSpec spec, boolean overSsh) {
        List<Double> samples = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            for (int i = 0; i < runs; i++) {
                long started = System.nanoTime();
                List<Future<Vm>> vms = new ArrayList<>();
                for (int v = 0; v < parallel; v++) {
                    vms.add(pool.submit(() -> {
                        Vm vm = ignite.launch(spec, CLONE);
                        if (overSsh) {
                            try (SshConnection connection = awaitSsh(vm)) {
                                connection.exec("true", Duration.ofSeconds(60));
                            }
                        } else {
                            vm.execOrFail("true");
                        }
                        return vm;
                    }));
                }
                try {
                    for (Future<Vm> vm : vms) {
                        vm.get();
                    }
                    samples.add(seconds(started));
                } catch (Exception e) {
                    throw new IgniteException("a parallel restore failed: " + e.getMessage(), e);
                } finally {
                    for (Future<Vm> vm : vms) {
                        closeQuietly(vm);
                    }
                }
                progress.accept(parallel + " restores at once" + (overSsh ? " (SSH) " : " (agent) ") + (i + 1) + "/"
                        + runs + ": " + format(samples.get(i)) + " s");
            }
        } finally {
            pool.shutdownNow();
        }
        return new Stats(parallel + " VMs restored in parallel, all answering " + (overSsh ? "SSH" : "(agent)"), "s",
                samples);
    }

    private static void closeQuietly(Future<Vm> vm) {
        try {
            vm.get().close();
        } catch (Exception e) {
            // Failed to start: nothing to close, its error was reported by get() above.
        }
    }

    /** Proportional set size (shared pages split among their users) and RSS of an idle VM's QEMU. */
    private List<Stats> idleMemory(VmSpec spec) {
        List<Double> coldPss = new ArrayList<>();
        List<Double> restoredPss = new ArrayList<>();
        List<Double> coldRss = new ArrayList<>();
        List<Double> restoredRss = new ArrayList<>();
        int samples = Math.min(runs, 3);
        for (int i = 0; i < samples; i++) {
            try (Vm cold = ignite.launch(spec, COLD); Vm restored = ignite.launch(spec, CLONE)) {
                sleep(Duration.ofSeconds(2));
                coldPss.add(ProcessMemory.pssMib(cold.record().pid()));
                coldRss.add(ProcessMemory.rssMib(cold.record().pid()));
                restoredPss.add(ProcessMemory.pssMib(restored.record().pid()));
                restoredRss.add(ProcessMemory.rssMib(restored.record().pid()));
            }
        }
        progress.accept("idle memory measured on " + samples + " cold and " + samples + " restored VMs");
        return List.of(new Stats("idle VM memory, cold boot (PSS)", "MiB", coldPss),
                new Stats("idle VM memory, restored (PSS)", "MiB", restoredPss),
                new Stats("idle VM memory, cold boot (RSS)", "MiB", coldRss),
                new Stats("idle VM memory, restored (RSS)", "MiB", restoredRss));
    }

    /** The default image's OCI archive imported into an empty store (cold) and again (cached). */
    private List<Stats> imports() {
        Path archive = ignite.defaults().build(Recipe.TINY_IMAGE, "bench/tiny", List.of("/sbin/init"), progress);
        try {
            List<Double> cold = new ArrayList<>();
            List<Double> cached = new ArrayList<>();
            ImportBenchmark.Result last = null;
            for (int i = 0; i < runs; i++) {
                last = ImportBenchmark.run(ImportSpec.builder("oci-archive:" + archive).build(), ignite.home().tmp());
                cold.add(last.coldMbPerSecond());
                cached.add(last.cachedMbPerSecond());
            }
            String size = format(last.layerBytes() / 1e6) + " MB of layers";
            progress.accept("imported the tiny image (" + size + ") " + runs + " times");
            return List.of(new Stats("image import, empty store (tiny image, " + size + ")", "MB/s", cold),
                    new Stats("image import, already stored", "MB/s", cached));
        } finally {
            FileTrees.deleteQuietly(archive.getParent(), null);
        }
    }

    /**
     * The floor: QEMU started by hand on the same kernel, initramfs, root disk and config drive,
     * polled over SSH every 50 ms from the start. No engine code runs between start and answer.
     */
    private Stats rawQemu(VmSpec spec) {
        Image image = ignite.images().get(spec.image());
        Kernel kernel = ignite.kernels().get(spec.kernel());
        Path initramfs = ignite.kernels().initramfs(kernel);
        List<Double> samples = new ArrayList<>();
        Path work = null;
        try {
            work = Files.createTempDirectory(ignite.home().tmp(), "bench-raw-");
            HostKey hostKey = HostKey.generate();
            Path config = RawConfigDrive.write(work, ignite, hostKey);
            for (int i = 0; i < runs; i++) {
                Path disk = work.resolve("root-" + i + ".qcow2");
                HostCommand.check(HostTool.QEMU_IMG, "create", "-q", "-f", "qcow2", "-F", "raw", "-b",
                        image.rootfs().toString(), disk.toString());
                int port = FreePorts.pick("127.0.0.1");
                List<String> command = List.of(HostTools.require(HostTool.QEMU).toString(),
                        "-M", "microvm", "-accel", "tcg", "-cpu", "max", "-m", spec.memoryMib() + "M", "-smp", "1",
                        "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
                        "-kernel", kernel.kernelImage().toString(), "-initrd", initramfs.toString(),
                        "-append", "console=ttyS0 panic=-1 quiet tsc_early_khz=" + HostCpu.tscKhz(),
                        "-serial", "file:" + work.resolve("serial-" + i + ".log"),
                        "-drive", "id=root,file=" + disk + ",format=qcow2,if=none",
                        "-device", "virtio-blk-device,drive=root,serial=ignite-root",
                        "-drive", "id=config,file=" + config + ",format=raw,if=none,read-only=on",
                        "-device", "virtio-blk-device,drive=config,serial=ignite-config",
                        "-netdev", "user,id=net0,restrict=on,hostfwd=tcp:127.0.0.1:" + port + "-:22",
                        "-device", "virtio-net-device,netdev=net0");
                long started = System.nanoTime();
                Process qemu = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(work.resolve("qemu-" + i + ".log").toFile()).start();
                try (SshConnection ssh = awaitSsh(port, hostKey.publicLine(), qemu::isAlive)) {
                    ssh.exec("true", Duration.ofSeconds(30));
                    samples.add(seconds(started));
                } finally {
                    qemu.destroyForcibly().waitFor();
                }
                progress.accept("raw QEMU boot " + (i + 1) + "/" + runs + ": " + format(samples.get(i)) + " s");
            }
            return new Stats("raw QEMU, same kernel and disk, to first SSH command", "s", samples);
        } catch (IOException e) {
            throw new IgniteException("raw QEMU benchmark failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IgniteException("interrupted", e);
        } finally {
            if (work != null) {
                FileTrees.deleteQuietly(work, null);
            }
        }
    }

    /** A new SSH connection to an engine VM, its own host key pinned. */
    private SshConnection awaitSsh(Vm vm) {
        return awaitSsh(vm.record().sshPort(), HostKey.publicLine(vm.record().folder()), () -> vm.state() == VmState.RUNNING);
    }

    private SshConnection awaitSsh(int port, String hostKey, java.util.function.BooleanSupplier alive) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline && alive.getAsBoolean()) {
            try {
                return SshConnection.open("127.0.0.1", port, ignite.sshKeys().keyPair(), hostKey, Duration.ofSeconds(2));
            } catch (IOException e) {
                sleep(Duration.ofMillis(50));
            }
        }
        throw new IgniteException("the VM on port " + port + " did not answer SSH within 2 minutes");
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    static String format(double value) {
        return String.format(java.util.Locale.ROOT, "%.3f", value);
    }

    private static void sleep(Duration duration) {
        Sleep.sleep(duration, "the benchmark's next step");
    }
}
