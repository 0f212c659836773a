package dev.ignite.engine.cli;

final class Sizes {
    private static final java.util.regex.Pattern SIZE = java.util.regex.Pattern.compile("(\\d+)([KMGT]?)(i?B)?",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    private Sizes() {
    }

    /** {@code 512M}, {@code 2G}, {@code 2GiB}, {@code 1048576}: binary units, as mkfs and qemu-img read them. */
    static long parse(String text) {
        var m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new dev.ignite.engine.IgniteException("size '" + text + "' is not a number with an optional unit"
                    + " K, M, G or T (e.g. 2G)");
        }
        int shift = switch (m.group(2).toUpperCase(java.util.Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        return Long.parseLong(m.group(1)) << shift;
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format("%.1f %s", value, units[unit]);
    }
}
