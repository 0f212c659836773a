package dev.ignite.engine.image;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The extended attributes a tar entry carries in its PAX headers: {@code SCHILY.xattr.NAME} (GNU
 * tar, Go's archive/tar) and {@code LIBARCHIVE.xattr.NAME} (bsdtar, base64 values).
 */
final class PaxXattrs {
    private static final Logger LOG = LoggerFactory.getLogger(PaxXattrs.class);
    private static final String SCHILY = "SCHILY.xattr.";
    private static final String LIBARCHIVE = "LIBARCHIVE.xattr.";

    private PaxXattrs() {
    }

    /**
     * {@code raw}: the SCHILY values as the tar holds them ({@link PaxHeaderTap}), which win over the
     * text commons-compress decoded; without them a binary SCHILY value is left out with a warning.
     */
    static Map<String, byte[]> of(TarArchiveEntry entry, Map<String, byte[]> raw) {
        Map<String, byte[]> xattrs = new TreeMap<>(raw);
        for (Map.Entry<String, String> header : entry.getExtraPaxHeaders().entrySet()) {
            String key = header.getKey();
            if (key.startsWith(LIBARCHIVE)) {
                xattrs.put(key.substring(LIBARCHIVE.length()), Base64.getDecoder().decode(header.getValue()));
            } else if (key.startsWith(SCHILY) && !xattrs.containsKey(key.substring(SCHILY.length()))) {
                // Only when the tap saw no raw value (e.g. a stream it could not follow).
                String value = header.getValue();
                if (value.indexOf('\uFFFD') >= 0) {
                    // commons-compress decodes PAX values as UTF-8, so a binary value (e.g. a file
                    // capability) arrives damaged: better none than a wrong one.
                    LOG.warn("layer entry '{}': extended attribute {} has a binary value that cannot be read"
                            + " from SCHILY headers; it is left out", entry.getName(), key.substring(SCHILY.length()));
                    continue;
                }
                xattrs.put(key.substring(SCHILY.length()), value.getBytes(StandardCharsets.UTF_8));
            }
        }
        return xattrs;
    }
}
