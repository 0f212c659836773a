package dev.ignite.engine.kernel;

import dev.ignite.engine.vm.BootMode;
import dev.ignite.engine.vm.LaunchOptions;
import dev.ignite.engine.Ignite;
import dev.ignite.engine.recipe.DefaultArtifacts;
import dev.ignite.engine.recipe.Recipe;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.VmSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The kernel of kernels/microvm, compiled by the engine the first time {@code ignite/microvm} is
 * named (minutes; later runs take it from the store): everything built in, no module support, and
 * VMs on it boot, network and restore from snapshots like VMs on the default kernel.
 */
class MicrovmKernelIT {
    private static Ignite ignite;
    private static List<String> missingBuildPackages;
    private static Kernel kernel;

    /** Built once for the class (a failed build fails it once); skipped here without the build tools. */
    @BeforeAll
    static void builtOnFirstUse() {
        ignite = Ignite.open();
        missingBuildPackages = KernelBuildDependencies.missing();
        if (!missingBuildPackages.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        // The path `ignite run IMAGE ignite/microvm` and @MicroVM(kernel = "ignite/microvm") take.
        ignite.defaults().ensureNamed(Ignite.DEFAULT_IMAGE, Ignite.MICROVM_KERNEL,
                message -> System.err.println("[MicrovmKernelIT] " + message));
        System.err.printf("[MicrovmKernelIT] %s and %s ready after %d s%n", Ignite.MICROVM_KERNEL, Ignite.DEFAULT_IMAGE,
                (System.nanoTime() - started) / 1_000_000_000L);
        kernel = ignite.kernels().get(Ignite.MICROVM_KERNEL);
    }

    /** Per test rather than for the class, so each skipped test reports which packages to install. */
    @BeforeEach
    void buildToolsInstalled() {
        assumeTrue(missingBuildPackages.isEmpty(), () -> "building " + Ignite.MICROVM_KERNEL
                + " needs: apt-get install " + String.join(" ", missingBuildPackages));
    }

    @AfterAll
    static void nothingLeft() {
        assertThat(ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("").contains("qemu")))
                .isEmpty();
    }

    private static VmSpec spec() {
        return VmSpec.builder(Ignite.DEFAULT_IMAGE, Ignite.MICROVM_KERNEL).setMemoryMib(192).build();
    }

    @Test
    void theRecipeBuildsItOnceAndTheStoreKeepsItUnderTheRecipeDigest() throws Exception {
        assertThat(DefaultArtifacts.builtOnFirstUse(Ignite.MICROVM_KERNEL)).isTrue();
        Path marker = ignite.home().root().resolve("recipes").resolve("microvm_kernel");
        assertThat(Files.readString(marker).strip()).isEqualTo(Recipe.MICROVM_KERNEL.digest() + " " + kernel.id());

        List<String> progress = new ArrayList<>();
        Kernel again = ignite.defaults().ensureMicrovmKernel(progress::add);
        assertThat(again.id()).isEqualTo(kernel.id());
        assertThat(progress).as("nothing built or imported the second time").isEmpty();

        assertThat(Files.readAllLines(kernel.config())).contains("# CONFIG_MODULES is not set", "CONFIG_VIRTIO_MMIO=y",
                "CONFIG_VIRTIO_BLK=y", "CONFIG_VIRTIO_NET=y", "CONFIG_EXT4_FS=y");
        try (Stream<Path> files = Files.walk(kernel.modules())) {
            assertThat(files.filter(Files::isRegularFile)).as("no modules shipped").isEmpty();
        }
    }

    @Test
    void aVmBootsThisKernelWithEverythingBuiltInAndNoModules() {
        // A cold boot: the boot's own console lines are read (a clone, the default, prints none).
        try (Vm vm = ignite.launch(spec(), LaunchOptions.builder().setBoot(BootMode.COLD).build())) {
            assertThat(vm.exec("uname -r").stdout().strip()).isEqualTo(kernel.version());
            assertThat(vm.exec("test -e /proc/modules").exitCode()).as("no module support: no /proc/modules")
                    .isEqualTo(1);
            assertThat(vm.serialLog().text()).contains("ignite-init: loaded 0 modules");
        }
    }

    @Test
    void theGuestReachesTheUserNetworkGatewayAndDnsServer() {
        try (Vm vm = ignite.launch(spec())) {
            assertThat(vm.exec("ip -4 addr show eth0").stdout()).contains("inet 10.0.2.15/");
            for (String address : List.of("10.0.2.2", "10.0.2.3")) {
                var ping = vm.exec("ping -c 1 -W 5 " + address);
                assertThat(ping.exitCode()).as("ping %s: %s%s", address, ping.stdout(), ping.stderr()).isZero();
                assertThat(ping.stdout()).contains("1 packets received");
            }
        }
    }

    @Test
    void aCloneRestoredFromASnapshotOnItAnswersUnderItsOwnHostname() {
        try (Vm clone = ignite.launch(spec(), LaunchOptions.builder().setBoot(BootMode.CLONE).setWarmup(List.of()).build())) {
            assertThat(clone.record().snapshotId()).isNotNull();
            assertThat(clone.exec("echo restored; uname -r").stdout()).isEqualTo("restored\n" + kernel.version() + "\n");
            assertThat(clone.exec("hostname").stdout().strip()).isEqualTo(clone.hostname());
        }
    }
}
