package dev.ignite.engine.vm;

import dev.ignite.engine.IgniteException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a spec refuses before anything is made from it. */
class VmSpecTest {
    @ParameterizedTest
    @ValueSource(strings = {"one\nLD_PRELOAD=/tmp/x.so", "carriage\rreturn", "nul\0byte"})
    void envValuesWithLineBreaksOrNulAreRefused(String value) {
        VmSpec.Builder spec = VmSpec.builder("ignite/tiny", "ignite/debian-cloud").putEnv("GREETING", value);

        assertThatThrownBy(spec::build).isInstanceOf(IgniteException.class)
                .hasMessageStartingWith("environment variable GREETING has a line break or NUL in its value");
    }

    @org.junit.jupiter.api.Test
    void envValuesWithOtherCharactersAreKept() {
        VmSpec spec = VmSpec.builder("ignite/tiny", "ignite/debian-cloud").putEnv("QUOTED", "it's \"fine\" = $HOME\t;").build();

        assertThat(spec.env()).containsEntry("QUOTED", "it's \"fine\" = $HOME\t;");
    }

    @ParameterizedTest
    @ValueSource(longs = {Integer.MAX_VALUE + 1L, Long.MAX_VALUE / (1 << 20) + 1, Long.MAX_VALUE})
    void diskSizesWhoseBytesOverflowAreRefused(long mib) {
        VmSpec.Builder spec = VmSpec.builder("ignite/tiny", "ignite/debian-cloud").setDiskSizeMib(mib);

        assertThatThrownBy(spec::build).isInstanceOf(IgniteException.class)
                .hasMessage("disk size " + mib + " MiB is too large: at most 2147483647 MiB");
    }
}
