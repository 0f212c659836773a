package dev.ignite.engine.vm;

import dev.ignite.engine.IgniteException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotBudgetTest {
    private static final Instant T = Instant.parse("2026-11-30T12:00:00Z");
    private static final List<SnapshotBudget.Entry> STORE = List.of(
            new SnapshotBudget.Entry("newest", 300, T.plusSeconds(30)),
            new SnapshotBudget.Entry("oldest", 200, T),
            new SnapshotBudget.Entry("middle", 100, T.plusSeconds(10)));

    @Test
    void leastRecentlyUsedGoFirstUntilTheRestFit() {
        assertThat(SnapshotBudget.overBudget(STORE, 600, Set.of())).isEmpty();
        assertThat(SnapshotBudget.overBudget(STORE, 450, Set.of())).containsExactly("oldest");
        assertThat(SnapshotBudget.overBudget(STORE, 350, Set.of())).containsExactly("oldest", "middle");
        assertThat(SnapshotBudget.overBudget(STORE, 0, Set.of())).containsExactly("oldest", "middle", "newest");
    }

    @Test
    void templatesInUseOrJustMadeAreKeptEvenOverBudget() {
        assertThat(SnapshotBudget.overBudget(STORE, 450, Set.of("oldest"))).containsExactly("middle", "newest");
        assertThat(SnapshotBudget.overBudget(STORE, 0, Set.of("newest"))).containsExactly("oldest", "middle");
    }

    @Test
    void sizesWithUnitsAndAClearErrorOtherwise() {
        assertThat(SnapshotBudget.parse("4G", "X")).isEqualTo(4L << 30);
        assertThat(SnapshotBudget.parse("500m", "X")).isEqualTo(500L << 20);
        assertThat(SnapshotBudget.parse("0", "X")).isZero();
        assertThatThrownBy(() -> SnapshotBudget.parse("lots", "IGNITE_SNAPSHOTS_BUDGET"))
                .isInstanceOf(IgniteException.class)
                .hasMessage("IGNITE_SNAPSHOTS_BUDGET must be a size like 4G, 500M or 0 (keep no unused templates),"
                        + " but was: lots");
    }
}
