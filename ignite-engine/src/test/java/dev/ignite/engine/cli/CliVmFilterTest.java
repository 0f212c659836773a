package dev.ignite.engine.cli;

import dev.ignite.engine.vm.VmRecord;
import dev.ignite.engine.vm.VmSpec;
import dev.ignite.engine.vm.VmState;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CliVmFilterTest {
    private static final VmRecord WEB = vm("a1b2c3", "web-1", VmState.RUNNING, "team", "infra");
    private static final VmRecord DB = vm("d4e5f6", "db-1", VmState.STOPPED, "team", "data");

    @Test
    void nameMatchesPartOfTheName() {
        assertThat(matching("name=web")).containsExactly(WEB);
        assertThat(matching("name=-1")).containsExactly(WEB, DB);
    }

    @Test
    void labelMatchesKeyOrKeyAndValue() {
        assertThat(matching("label=team")).containsExactly(WEB, DB);
        assertThat(matching("label=team=data")).containsExactly(DB);
        assertThat(matching("label=owner")).isEmpty();
    }

    @Test
    void stateIsCaseInsensitiveAndStatusIsAnAlias() {
        assertThat(matching("state=Stopped")).containsExactly(DB);
        assertThat(matching("status=running")).containsExactly(WEB);
        assertThat(VmFilter.parse(List.of("status=running")).namesState()).isTrue();
    }

    @Test
    void imageMatchesTheNameGivenOrAnIdPrefix() {
        assertThat(matching("image=ignite/tiny")).containsExactly(WEB, DB);
        assertThat(matching("image=img0")).containsExactly(WEB, DB);
        assertThat(matching("image=other")).isEmpty();
        assertThat(matching("id=d4")).containsExactly(DB);
    }

    @Test
    void valuesOfOneKeyAreAlternativesAndKeysCombine() {
        assertThat(matching("name=web", "name=db")).containsExactly(WEB, DB);
        assertThat(matching("name=web", "state=stopped")).isEmpty();
        assertThat(matching("label=team", "state=stopped")).containsExactly(DB);
    }

    @Test
    void badFiltersAreUsageErrors() {
        assertThatThrownBy(() -> VmFilter.parse(List.of("colour=red"))).isInstanceOf(UsageError.class)
                .hasMessage("unknown filter key 'colour'; keys: id, name, label, state, image, kernel");
        assertThatThrownBy(() -> VmFilter.parse(List.of("running"))).isInstanceOf(UsageError.class)
                .hasMessageStartingWith("filter 'running' is not KEY=VALUE");
    }

    private static List<VmRecord> matching(String... filters) {
        return List.of(WEB, DB).stream().filter(VmFilter.parse(List.of(filters))).toList();
    }

    private static VmRecord vm(String id, String name, VmState state, String labelKey, String labelValue) {
        VmSpec spec = VmSpec.builder("ignite/tiny", "ignite/debian-cloud").setName(name).putLabel(labelKey, labelValue)
                .build();
        return new VmRecord(VmRecord.KIND, "ignite.dev/v1alpha1", id, name, "img0123", "ker0123", spec, state, null,
                null, null, 0, null, Instant.now(), Path.of("/nonexistent"));
    }
}
