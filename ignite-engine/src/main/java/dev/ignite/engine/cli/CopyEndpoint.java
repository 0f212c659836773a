package dev.ignite.engine.cli;

/**
 * One side of {@code ignite cp}: {@code VM:PATH} in a VM, anything else on the host, as with
 * {@code docker cp}. A host path with a colon is written {@code ./a:b} (a leading {@code /} or {@code .}
 * always means the host).
 */
record CopyEndpoint(String vm, String path) {
    static CopyEndpoint parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || text.startsWith("/") || text.startsWith(".")) {
            return new CopyEndpoint(null, text);
        }
        String path = text.substring(colon + 1);
        return new CopyEndpoint(text.substring(0, colon), path.isEmpty() ? "." : path);
    }

    boolean inVm() {
        return vm != null;
    }

    /** The last name in the path, which a copy into an existing folder keeps. */
    String fileName() {
        String trimmed = path.replaceAll("/+$", "");
        int slash = trimmed.lastIndexOf('/');
        return slash < 0 ? trimmed : trimmed.substring(slash + 1);
    }
}
