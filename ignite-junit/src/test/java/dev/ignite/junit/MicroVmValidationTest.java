package dev.ignite.junit;

import dev.ignite.engine.vm.BootMode;
import dev.ignite.engine.vm.Vm;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Misuse fails the class before any VM boots, with a message that names the element and attribute
 * and says what to change. No VM is started here: each fixture fails in validation.
 */
class MicroVmValidationTest {

    @IgniteTest
    static class WrongFieldType {
        @MicroVM
        String vm;

        @Test
        void test() {
        }
    }

    @IgniteTest
    static class WrongParameterType {
        @Test
        void test(@MicroVM Integer vm) {
        }
    }

    @IgniteTest
    static class WarmupOnColdBoot {
        @MicroVM(boot = BootMode.COLD, warmup = "apk add curl")
        Vm vm;

        @Test
        void test() {
        }
    }

    @IgniteTest
    static class UnknownNetworkMode {
        @MicroVM(network = "macvlan:eth0")
        Vm vm;

        @Test
        void test() {
        }
    }

    @IgniteTest
    static class MissingImage {
        @MicroVM(image = "nobody/has-this-image")
        static Vm vm;

        @Test
        void test() {
        }
    }

    @IgniteTest
    static class AliasNotAHostName {
        @MicroVM(name = "db", aliases = {"database", "primary_db"})
        Vm vm;

        @Test
        void test() {
        }
    }

    @IgniteTest
    static class EnvWithoutValue {
        @MicroVM(env = {"GOOD=1", "JUST_A_NAME"})
        Vm vm;

        @Test
        void test() {
        }
    }

    @IgniteTest
    static class CopyOfMissingFile {
        @MicroVM(copy = "src/test/resources/fixtures/absent.txt:/etc/absent.txt")
        Vm vm;

        @Test
        void test() {
        }
    }

    @IgniteTest
    static class BadHostPort {
        @MicroVM(hostPorts = {5432, 0})
        Vm vm;

        @Test
        void test() {
        }
    }

    @IgniteTest
    static class BadPort {
        @MicroVM(ports = "8080:http")
        Vm vm;

        @Test
        void test() {
        }
    }

    @IgniteTest
    static class TooLittleMemory {
        @Test
        void test(@MicroVM(memoryMib = 64) Vm vm) {
        }
    }

    @IgniteTest
    static class FinalField {
        @MicroVM
        final Vm vm = null;

        @Test
        void test() {
        }
    }

    @Test
    void fieldOfAnotherType() {
        assertClassFailsWith(WrongFieldType.class, "@MicroVM field [WrongFieldType.vm] must be of type "
                + "dev.ignite.engine.vm.Vm but was: java.lang.String");
    }

    @Test
    void parameterOfAnotherType() {
        assertClassFailsWith(WrongParameterType.class, "@MicroVM parameter [arg0 of WrongParameterType.test()] must be"
                + " of type dev.ignite.engine.vm.Vm but was: java.lang.Integer");
    }

    @Test
    void warmupNeedsAClone() {
        assertClassFailsWith(WarmupOnColdBoot.class, "@MicroVM field [WarmupOnColdBoot.vm]: warmup runs in a"
                + " clone's template VM, but boot was COLD: drop boot = COLD or run the commands in the test");
    }

    @Test
    void unknownNetworkSyntax() {
        assertClassFailsWith(UnknownNetworkMode.class, "@MicroVM field [UnknownNetworkMode.vm]: network must be user,"
                + " bridge, vde:NAME or a plain NAME but was: \"macvlan:eth0\" (network 'macvlan:eth0' has an unknown"
                + " mode 'macvlan': use user, bridge, vde:NAME or a plain NAME (a vde network))");
    }

    @Test
    void imageNotInTheStore() {
        assertClassFailsWith(MissingImage.class, "@MicroVM field [MissingImage.vm]: image must be the name or ID of an"
                + " image in the store (list them with `ignite images`), one the engine builds on first use"
                + " (ignite/tiny, ignite/debian, ignite/debian-cloud, ignite/microvm), or a source imported on first use"
                + " (oci-archive:PATH, docker-archive:PATH, oci:DIR, localhost:5000/app:1) but was: \"nobody/has-this-image\"");
    }

    @Test
    void envEntryWithoutEquals() {
        assertClassFailsWith(EnvWithoutValue.class,
                "@MicroVM field [EnvWithoutValue.vm]: env must be NAME=VALUE but was: \"JUST_A_NAME\"");
    }

    @Test
    void aliasThatIsNotAHostName() {
        assertClassFailsWith(AliasNotAHostName.class, "@MicroVM field [AliasNotAHostName.vm]: name/aliases must be a VM"
                + " name and host names but was: \"db/database,primary_db\" (network alias 'primary_db' is invalid:"
                + " use a host name of letters, digits and inner '-' (at most 63))");
    }

    @Test
    void copyOfAFileThatDoesNotExist() {
        assertClassFailsWith(CopyOfMissingFile.class, "@MicroVM field [CopyOfMissingFile.vm]: copy must be an existing"
                + " host path (relative to " + System.getProperty("user.dir") + ") but was:"
                + " \"src/test/resources/fixtures/absent.txt:/etc/absent.txt\" (no such file: "
                + System.getProperty("user.dir") + "/src/test/resources/fixtures/absent.txt)");
    }

    @Test
    void hostPortOutOfRange() {
        assertClassFailsWith(BadHostPort.class, "@MicroVM field [BadHostPort.vm]: hostPorts must be TCP ports of the"
                + " host (1-65535) but was: \"0\"");
    }

    @Test
    void portThatIsNotANumber() {
        assertClassFailsWith(BadPort.class, "@MicroVM field [BadPort.vm]: ports must be guestPort, hostPort:guestPort or"
                + " address:hostPort:guestPort but was: \"8080:http\" (port mapping '8080:http' is not"
                + " [hostAddress:][hostPort:]guestPort[/udp])");
    }

    @Test
    void memoryBelowTheMinimum() {
        assertClassFailsWith(TooLittleMemory.class, "@MicroVM parameter [arg0 of TooLittleMemory.test()]:"
                + " cpus/memoryMib/diskSizeMib must be values a VM can boot with but was: \"1/64/0\" (a VM needs at least"
                + " 128 MiB of memory, got 64 MiB: the kernel and initramfs alone take most of that)");
    }

    @Test
    void finalField() {
        assertClassFailsWith(FinalField.class,
                "@MicroVM field [FinalField.vm] must not be final: the extension assigns it");
    }

    private static void assertClassFailsWith(Class<?> fixture, String message) {
        Events containers = EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute()
                .containerEvents();
        Throwable failure = containers.failed().stream()
                .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
                .findFirst().orElseThrow(() -> new AssertionError(fixture.getSimpleName() + " did not fail"));
        assertThat(failure).hasMessage(message);
    }
}
