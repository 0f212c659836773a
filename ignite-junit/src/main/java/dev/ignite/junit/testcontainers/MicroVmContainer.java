package dev.ignite.junit.testcontainers;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.access.ExecResult;
import dev.ignite.engine.vm.BootMode;
import dev.ignite.engine.vm.FileCopy;
import dev.ignite.engine.vm.LaunchListener;
import dev.ignite.engine.vm.LaunchOptions;
import dev.ignite.engine.vm.PortMapping;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.VmSpec;
import dev.ignite.engine.vm.WaitStrategy;
import org.testcontainers.lifecycle.Startable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A microVM as a Testcontainers {@link Startable}: usable with {@code @Testcontainers} and
 * {@code @Container} (or started by hand) with no Docker daemon, since nothing here talks to one.
 * Definition first, with withers that return the subtype; the running VM exists between
 * {@link #start()} and {@link #stop()}.
 * <pre>{@code
 * @Container
 * static MicroVmContainer<?> web = new MicroVmContainer<>()
 *         .withExposedPorts(8080)
 *         .waitingFor(Wait.forHttp(8080, "/"));
 * }</pre>
 * Testcontainers is an optional dependency of ignite-junit: add {@code org.testcontainers:testcontainers}
 * to use this class.
 */
public class MicroVmContainer<SELF extends MicroVmContainer<SELF>> implements Startable {
    private final VmSpec.Builder spec;
    private final List<String> warmup = new ArrayList<>();
    private BootMode boot = BootMode.CLONE;
    private final List<Consumer<String>> logConsumers = new ArrayList<>();
    private WaitStrategy waitStrategy;
    private Duration startupTimeout;
    private Vm vm;

    /** The default image on the default kernel, both built on first use. */
    public MicroVmContainer() {
        this(Ignite.DEFAULT_IMAGE);
    }

    public MicroVmContainer(String image) {
        this.spec = VmSpec.builder(image, Ignite.DEFAULT_KERNEL);
    }

    @SuppressWarnings("unchecked")
    protected final SELF self() {
        return (SELF) this;
    }

    public SELF withKernel(String kernel) {
        spec.setKernel(kernel);
        return self();
    }

    public SELF withCpus(int cpus) {
        spec.setCpus(cpus);
        return self();
    }

    public SELF withMemoryMib(int memoryMib) {
        spec.setMemoryMib(memoryMib);
        return self();
    }

    public SELF withDiskSizeMib(long diskSizeMib) {
        spec.setDiskSizeMib(diskSizeMib);
        return self();
    }

    /** The VM's name: its host name, how peers on its network reach it; unique in the store. */
    public SELF withName(String name) {
        spec.setName(name);
        return self();
    }

    /** More names peers on the VM's shared network reach it by. */
    public SELF withNetworkAliases(String... aliases) {
        spec.setAliases(List.of(aliases));
        return self();
    }

    /** Seen by every exec and by the image's services, as {@code docker run -e}. */
    public SELF withEnv(String name, String value) {
        spec.putEnv(name, value);
        return self();
    }

    /** Copies a host file or folder into the VM before it boots. */
    public SELF withCopyFileToVm(Path hostPath, String guestPath) {
        spec.addCopyFile(new FileCopy(hostPath, guestPath));
        return self();
    }

    /** Publishes guest ports on free ports of the host's loopback; find them with {@link #getMappedPort(int)}. */
    public SELF withExposedPorts(int... guestPorts) {
        for (int port : guestPorts) {
            spec.addPort(new PortMapping(null, 0, port));
        }
        return self();
    }

    /**
     * Lets the guest reach these ports of the host's 127.0.0.1 at {@code host.ignite.internal:PORT}
     * (Testcontainers' {@code Testcontainers.exposeHostPorts}, per VM); the guest reaches no other host service.
     */
    public SELF withExposedHostPorts(int... hostPorts) {
        for (int port : hostPorts) {
            spec.addHostPort(port);
        }
        return self();
    }

    public SELF withKernelArg(String arg) {
        spec.addKernelArg(arg);
        return self();
    }

    /** {@code user}, a vde network's name, or {@code bridge}. */
    public SELF withNetwork(String network) {
        spec.setNetwork(network);
        return self();
    }

    /** Commands run once in the clone's template before it is saved (not with {@link #withColdBoot()}). */
    public SELF withWarmup(String... warmupCommands) {
        warmup.clear();
        warmup.addAll(List.of(warmupCommands));
        return self();
    }

    /** Boots the kernel and init instead of restoring a clone of the template: for tests of boot itself. */
    public SELF withColdBoot() {
        boot = BootMode.COLD;
        return self();
    }

    /**
     * What "started" means beyond SSH answering, e.g. {@code Wait.forHttp(80, "/")}: run before
     * {@link #start()} returns; replaces an earlier one (combine with {@code Wait.forAll}).
     */
    public SELF waitingFor(WaitStrategy waitStrategy) {
        this.waitStrategy = waitStrategy;
        return self();
    }

    /** How long the wait strategy may take ({@link WaitStrategy#DEFAULT_STARTUP_TIMEOUT} unless set). */
    public SELF withStartupTimeout(Duration timeout) {
        this.startupTimeout = timeout;
        return self();
    }

    /** Gets every console line from boot on, while the VM runs (e.g. an {@code Slf4jLogConsumer}). */
    public SELF withLogConsumer(Consumer<String> consumer) {
        logConsumers.add(consumer);
        return self();
    }

    @Override
    public synchronized void start() {
        if (vm != null) {
            return; // Startable: a second start of a running container is a no-op
        }
        VmSpec.Builder definition = spec.build().toBuilder();
        if (waitStrategy != null) {
            definition.addWaitStrategy(startupTimeout == null ? waitStrategy
                    : waitStrategy.withStartupTimeout(startupTimeout));
        }
        vm = Ignite.open().launch(definition.build(), LaunchOptions.builder()
                .setBoot(boot)
                .setWarmup(warmup)
                .setListener(LaunchListener.STDERR)
                .build());
        logConsumers.forEach(vm::followOutput); // each follower ends with the VM
    }

    /** Stops the VM and removes it with its disk; a later {@link #start()} boots a fresh one. */
    @Override
    public synchronized void stop() {
        if (vm != null) {
            try {
                vm.close();
            } finally {
                vm = null;
            }
        }
    }

    public synchronized boolean isRunning() {
        return vm != null;
    }

    /** The running VM: exec, copy, console, forward, restart. */
    public synchronized Vm getVm() {
        if (vm == null) {
            throw new IllegalStateException("MicroVmContainer is not started: call start() or annotate the field"
                    + " with @Container");
        }
        return vm;
    }

    /** The serial console since boot: kernel, init and service output. */
    public String getLogs() {
        return getVm().serialLog().text();
    }

    public ExecResult execInVm(String command) {
        return getVm().exec(command);
    }

    /** Published ports listen on the host's loopback. */
    public String getHost() {
        return "127.0.0.1";
    }

    public int getMappedPort(int guestPort) {
        return getVm().publishedPort(guestPort);
    }
}
