package dev.ignite.engine.host;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcStatTest {
    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        String stat = "4242 (qemu (x) ) 1) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 3 0 987654 1000 10";
        assertThat(ProcStat.parse(stat)).isEqualTo(new ProcStat('S', 987654));
        assertThat(ProcStat.parse(stat.replace(") S ", ") Z ")).ended()).isTrue();
    }

    @Test
    void thisProcessRunsAndItsStartTimeIsItsOwn() {
        long pid = ProcessHandle.current().pid();
        long ticks = ProcStat.of(pid).orElseThrow().startTicks();
        assertThat(ProcStat.isRunning(pid, ticks)).isTrue();
        assertThat(ProcStat.isRunning(pid, ticks - 1)).isFalse();
        assertThat(ProcStat.of(Long.MAX_VALUE)).isEmpty();
    }
}
