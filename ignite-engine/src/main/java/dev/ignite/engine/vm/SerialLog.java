package dev.ignite.engine.vm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** A VM's serial console as logged to a file: tails for error messages, and boot-failure markers. */
public final class SerialLog {
    /** Lines that mean the guest will not come up: our init gave up, or the kernel did. */
    private static final Pattern FATAL = Pattern.compile(
            "ignite-init: FATAL.*|Kernel panic - not syncing.*|end Kernel panic.*");

    private final Path file;

    SerialLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public String text() {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    long size() {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    public String tail(int lines) {
        List<String> all = text().replace("\r", "").lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    Optional<String> fatalLine() {
        var matcher = FATAL.matcher(text());
        return matcher.find() ? Optional.of(matcher.group().strip()) : Optional.empty();
    }
}
