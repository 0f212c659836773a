package dev.ignite.engine.vm;

/** What one check of a {@link WaitStrategy} saw. */
public record WaitObservation(State state, String seen) {
    public enum State { READY, NOT_YET, FAILED }

    public static WaitObservation ready(String seen) {
        return new WaitObservation(State.READY, seen);
    }

    public static WaitObservation notYet(String seen) {
        return new WaitObservation(State.NOT_YET, seen);
    }

    /** Never ready: a systemd unit that failed, a VM that stopped. The wait ends at once. */
    public static WaitObservation failed(String seen) {
        return new WaitObservation(State.FAILED, seen);
    }
}
