package dev.ignite.junit;

import dev.ignite.engine.vm.BootMode;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.VmSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When two {@code @MicroVM} annotations ask for the same VM (a shared scope hands one VM to both). */
class MicroVmDefinitionTest {
    @SuppressWarnings("unused")
    static class Fixture {
        @MicroVM(shared = "web")
        static Vm plain;
        @MicroVM(shared = "web", image = "ignite/tiny", kernel = "ignite/debian-cloud", cpus = 1, network = "user")
        static Vm spelledOut;
        @MicroVM(shared = "web", memoryMib = 512)
        static Vm moreMemory;
        @MicroVM(shared = "web", boot = BootMode.COLD)
        static Vm coldBooted;
        @MicroVM(shared = "web", warmup = "apk add curl")
        static Vm clonedAfterWarmup;
        @MicroVM(shared = "web", env = {"A=1", "B=2"})
        static Vm withEnv;
        @MicroVM(shared = "web", env = {"B=2", "A=1"})
        static Vm withEnvReordered;
    }

    private static MicroVmDefinition definition(String field) {
        try {
            return MicroVmDefinition.of(Fixture.class.getDeclaredField(field).getAnnotation(MicroVM.class),
                    "field [Fixture." + field + "]", null);
        } catch (NoSuchFieldException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theSameAttributesSpelledOutOrByDefaultAreTheSameVm() {
        assertThat(definition("plain").sameVmAs(definition("spelledOut"))).isTrue();
        assertThat(definition("plain").spec().memoryMib()).isEqualTo(VmSpec.DEFAULT_MEMORY_MIB);
        assertThat(definition("withEnv").sameVmAs(definition("withEnvReordered"))).as("env is a map").isTrue();
    }

    @Test
    void anyAttributeThatShapesTheVmMakesAnotherVm() {
        MicroVmDefinition plain = definition("plain");
        assertThat(plain.sameVmAs(definition("moreMemory"))).isFalse();
        assertThat(plain.sameVmAs(definition("coldBooted"))).isFalse();
        assertThat(plain.sameVmAs(definition("clonedAfterWarmup"))).isFalse();
        assertThat(plain.sameVmAs(definition("withEnv"))).isFalse();
    }

    @Test
    void labelsSayWhichTestAskedAndDoNotMakeAnotherVm() {
        MicroVmDefinition plain = definition("plain");
        MicroVmDefinition labelled = new MicroVmDefinition("field [Other.vm]",
                plain.spec().toBuilder().putLabel("junit.test", "[engine:junit-jupiter]/[class:Other]").build(),
                plain.boot(), plain.warmup(), plain.shared(), plain.keepOnFailure());
        assertThat(plain.sameVmAs(labelled)).isTrue();
    }
}
