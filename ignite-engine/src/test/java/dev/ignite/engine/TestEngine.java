package dev.ignite.engine;

/** The engine as integration tests open it. */
public final class TestEngine {
    private TestEngine() {
    }

    /** The engine on the store, with the default image and kernel built if missing (not timed by tests). */
    public static Ignite openWithDefaults() {
        Ignite engine = Ignite.open();
        engine.defaults().ensureKernel(message -> { });
        engine.defaults().ensureImage(message -> { });
        return engine;
    }
}
