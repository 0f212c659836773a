package dev.ignite.junit;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.VmRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * Which VM each scope gets and when it goes: shared scopes across classes until the launcher
 * session closes, nested classes, {@code PER_CLASS} instances. Fixtures restore from snapshots to
 * keep boots short; what is checked is identity (VM IDs) and what is left in the store.
 */
class LifecycleIT {
    /** Which VM each fixture element saw: element → VM ID. */
    static final Map<String, String> SEEN = new ConcurrentHashMap<>();

    @IgniteTest
    static class FirstSharingClass {
        @MicroVM(shared = "lifecycle-db")
        static Vm db;

        @Test
        void usesTheSharedVm() {
            SEEN.put("first", db.id());
            db.execOrFail("echo written-by-first > /root/shared");
        }
    }

    @IgniteTest
    static class SecondSharingClass {
        @Test
        void seesWhatTheFirstClassWrote(@MicroVM(shared = "lifecycle-db") Vm db) {
            SEEN.put("second", db.id());
            assertThat(db.execOrFail("cat /root/shared").stdout()).isEqualTo("written-by-first\n");
        }
    }

    @IgniteTest
    static class ConflictingSharingClass {
        @Test
        void asksForTheScopeWithOtherAttributes(@MicroVM(memoryMib = 300, shared = "lifecycle-db") Vm db) {
        }
    }

    @Test
    void sharedScopeLivesUntilTheLauncherSessionCloses() {
        SEEN.clear();
        Ignite ignite = Ignite.open();
        try (LauncherSession session = LauncherFactory.openSession()) {
            var listener = new org.junit.platform.launcher.listeners.SummaryGeneratingListener();
            session.getLauncher().execute(request().selectors(selectClass(FirstSharingClass.class)).build(), listener);
            assertThat(listener.getSummary().getTotalFailureCount()).isZero();
            // The first class has ended, the shared VM has not.
            assertThat(ids(ignite)).contains(SEEN.get("first"));

            listener = new org.junit.platform.launcher.listeners.SummaryGeneratingListener();
            session.getLauncher().execute(request().selectors(selectClass(SecondSharingClass.class),
                    selectClass(ConflictingSharingClass.class)).build(), listener);
            assertThat(SEEN.get("second")).isEqualTo(SEEN.get("first"));
            assertThat(listener.getSummary().getTestsSucceededCount()).isEqualTo(1);
            assertThat(listener.getSummary().getFailures()).singleElement().satisfies(failure -> assertThat(
                    failure.getException()).hasMessageContaining("@MicroVM parameter [arg0 of"
                    + " ConflictingSharingClass.asksForTheScopeWithOtherAttributes()]: shared scope \"lifecycle-db\""
                    + " was already started by field [FirstSharingClass.db] with"));
        }
        assertThat(ids(ignite)).doesNotContain(SEEN.get("first"));
    }

    @IgniteTest
    static class Outer {
        @MicroVM
        static Vm classVm;

        @MicroVM
        Vm outerTestVm;

        @Test
        void outerTest() {
            SEEN.put("outer.class", classVm.id());
            SEEN.put("outer.test", outerTestVm.id());
        }

        @Nested
        class Inner {
            @MicroVM
            Vm innerTestVm;

            @Test
            void innerTest() {
                SEEN.put("inner.outerClass", classVm.id());
                SEEN.put("inner.outerInstance", outerTestVm.id());
                SEEN.put("inner.test", innerTestVm.id());
                assertThat(innerTestVm.execOrFail("echo inner").stdout()).isEqualTo("inner\n");
            }
        }
    }

    @Test
    void nestedClassesSeeTheirOuterClassesVmsAndGetTheirOwn() {
        SEEN.clear();
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(Outer.class)).execute().testEvents()
                .assertStatistics(stats -> stats.succeeded(2).failed(0));

        assertThat(SEEN.get("inner.outerClass")).isEqualTo(SEEN.get("outer.class"));
        // Per-method instances: the nested test's outer instance is a new one with its own VM.
        assertThat(Set.of(SEEN.get("outer.test"), SEEN.get("inner.outerInstance"), SEEN.get("inner.test"))).hasSize(3);
        assertThat(ids(Ignite.open())).doesNotContainAnyElementsOf(SEEN.values());
    }

    @IgniteTest
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class PerClassInstance {
        @MicroVM
        Vm vm;

        @Test
        void first() {
            SEEN.put("first", vm.id());
            vm.execOrFail("touch /root/from-first");
        }

        @Test
        void second() {
            SEEN.put("second", vm.id());
        }
    }

    @Test
    void perClassInstanceFieldsGetOneVmForTheClass() {
        SEEN.clear();
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(PerClassInstance.class)).execute().testEvents()
                .assertStatistics(stats -> stats.succeeded(2));
        assertThat(SEEN.get("first")).isEqualTo(SEEN.get("second"));
        assertThat(ids(Ignite.open())).doesNotContain(SEEN.get("first"));
    }

    private static List<String> ids(Ignite ignite) {
        return ignite.vms().list().stream().map(VmRecord::id).toList();
    }
}
