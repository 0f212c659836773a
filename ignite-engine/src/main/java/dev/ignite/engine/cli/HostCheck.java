package dev.ignite.engine.cli;

/** One line of {@code ignite doctor}: what was checked, what was found, and the exact fix when it is not fine. */
record HostCheck(String name, Status status, String found, String fix) {
    enum Status {
        OK("ok"), WARN("warn"), FAIL("FAIL");

        private final String label;

        Status(String label) {
            this.label = label;
        }
    }

    static HostCheck ok(String name, String found) {
        return new HostCheck(name, Status.OK, found, null);
    }

    /** Not needed for the basics (a single VM on user networking), or slower but working. */
    static HostCheck warn(String name, String found, String fix) {
        return new HostCheck(name, Status.WARN, found, fix);
    }

    /** Something every VM needs. */
    static HostCheck fail(String name, String found, String fix) {
        return new HostCheck(name, Status.FAIL, found, fix);
    }

    String line() {
        return String.format("%-4s  %-14s %s%s", status.label, name, found, fix == null ? "" : "; fix: " + fix);
    }
}
