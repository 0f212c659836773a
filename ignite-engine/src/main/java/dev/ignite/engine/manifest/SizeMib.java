package dev.ignite.engine.manifest;

import dev.ignite.engine.IgniteException;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size in MiB as Docker and Ignite write it: {@code 512M}, {@code 1G}, {@code 1GB}, {@code 1.5GiB},
 * {@code 262144K}; a bare number is MiB ({@code --memory 256}). Units are binary (G = 1024 M) and the
 * result must be whole MiB. Ignite's manifests write {@code 800MB}, {@code 3GB}: {@link #format} too.
 */
public final class SizeMib {
    /** Bounded so that no later sum in bytes or cast to int can overflow. */
    public static final long MAX_MIB = Integer.MAX_VALUE;
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGT]?)(?:I?B)?");

    private SizeMib() {
    }

    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.strip().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IgniteException("'" + text + "' is not a size: use MiB (256) or a number with K, M, G"
                    + " or T (512M, 1G, 1GB)");
        }
        BigDecimal kib = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(switch (m.group(2)) {
            case "K" -> 1L;
            case "G" -> 1L << 20;
            case "T" -> 1L << 30;
            default -> 1L << 10; // M, or no unit: MiB
        }));
        BigDecimal[] mib = kib.divideAndRemainder(BigDecimal.valueOf(1024));
        if (mib[1].signum() != 0) {
            throw new IgniteException("'" + text + "' is not a whole number of MiB");
        }
        if (mib[0].compareTo(BigDecimal.valueOf(MAX_MIB)) > 0) {
            throw new IgniteException("'" + text + "' is too large: at most " + MAX_MIB + " MiB (2 PiB)");
        }
        return mib[0].longValueExact();
    }

    public static String format(long mib) {
        return mib % 1024 == 0 && mib > 0 ? mib / 1024 + "GB" : mib + "MB";
    }
}
