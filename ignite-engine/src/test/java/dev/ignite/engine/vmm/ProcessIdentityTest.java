package dev.ignite.engine.vmm;

import dev.ignite.engine.store.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process is named by PID and the kernel's start time in ticks since boot, as /proc says it: what a
 * JVM computes from the wall clock ({@code ProcessHandle.Info.startInstant()}) plays no part, so a
 * stepped clock cannot make one JVM take another's live VM for dead.
 */
class ProcessIdentityTest {
    private Process sleeper;

    @BeforeEach
    void start() throws Exception {
        sleeper = new ProcessBuilder("sleep", "60").start();
    }

    @AfterEach
    void stop() throws Exception {
        sleeper.destroyForcibly().waitFor();
    }

    @Test
    void theIdentityIsThePidAndField22OfProcStat() throws Exception {
        ProcessIdentity identity = ProcessIdentity.of(sleeper.toHandle());
        String stat = Files.readString(Path.of("/proc", Long.toString(sleeper.pid()), "stat"));
        assertThat(identity.pid()).isEqualTo(sleeper.pid());
        assertThat(identity.startTicks()).isEqualTo(Long.parseLong(stat.split(" ")[21]));
        assertThat(identity.find()).map(ProcessHandle::pid).contains(sleeper.pid());
    }

    @Test
    void theStoreRecordsTicksAndNoWallClockTime() throws Exception {
        ProcessIdentity identity = ProcessIdentity.of(sleeper.toHandle());
        String json = Json.MAPPER.writeValueAsString(identity);
        assertThat(Json.MAPPER.readTree(json).fieldNames()).toIterable().containsExactlyInAnyOrder("pid", "startTicks");
        // A record also carrying a wall-clock start decades off (a JVM whose clock was stepped) still names the process.
        String stepped = "{\"pid\":" + sleeper.pid() + ",\"startTicks\":" + identity.startTicks()
                + ",\"started\":\"1990-01-01T00:00:00Z\"}";
        assertThat(Json.MAPPER.readValue(stepped, ProcessIdentity.class).isAlive()).isTrue();
        assertThat(sleeper.toHandle().info().startInstant()).as("what the wall clock says differs").isNotEmpty();
    }

    @Test
    void anotherStartTimeOrAnEndedProcessIsNotTheRecordedOne() throws Exception {
        ProcessIdentity identity = ProcessIdentity.of(sleeper.toHandle());
        assertThat(new ProcessIdentity(identity.pid(), identity.startTicks() + 1).isAlive())
                .as("a later process that got the same PID").isFalse();
        assertThat(new ProcessIdentity(identity.pid(), 0).isAlive()).as("a record without a start time").isFalse();
        sleeper.destroyForcibly().waitFor();
        assertThat(identity.isAlive()).isFalse();
    }
}
