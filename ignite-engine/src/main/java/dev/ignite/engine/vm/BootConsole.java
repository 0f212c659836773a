package dev.ignite.engine.vm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One boot's part of a VM's serial log, which every boot of the VM appends to: read from the offset
 * where the boot began, and only what is new at each {@link #poll()}, so that waiting on a long log
 * costs nothing and what an earlier boot printed (a panic, the hand-over line) never counts.
 */
final class BootConsole {
    private final Path file;
    private final String handoverMarker;
    private final ByteArrayOutputStream partialLine = new ByteArrayOutputStream();
    private long position;
    private boolean handedOver;
    private String fatalLine;
    private String agentUnavailableLine;
    /** What our initramfs prints when it could not start the guest agent (a kernel without virtio_console). */
    static final String NO_AGENT = "ignite-init: agent unavailable";
    /**
     * What it prints when the agent listens on vsock ({@code ignite.agent=vsock:PORT}), which only a
     * VMM with a vsock device reaches.
     */
    static final String VSOCK_AGENT = "ignite-init: agent on vsock:";
    private String vsockAgentLine;

    /**
     * @param start          the log's size when the boot's process started
     * @param handoverMarker what the guest prints when our init hands over to the image's init
     */
    BootConsole(Path file, long start, String handoverMarker) {
        this.file = file;
        this.position = start;
        this.handoverMarker = handoverMarker;
    }

    /** Reads what the guest printed since the last poll; true if it printed anything. */
    boolean poll() {
        long before = position;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            int n;
            while ((n = channel.read(buffer.clear(), position)) > 0) {
                position += n;
                for (int i = 0; i < n; i++) {
                    byte b = buffer.get(i);
                    if (b == '\n') {
                        lineEnded(partialLine.toString(StandardCharsets.UTF_8));
                        partialLine.reset();
                    } else if (b != '\r') {
                        partialLine.write(b);
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return false; // the VMM has not opened its log yet
        } catch (IOException e) {
            return false; // a passing read error: the next poll tries again, the boot timeout bounds it
        }
        return position != before;
    }

    private void lineEnded(String line) {
        if (line.contains(handoverMarker)) {
            handedOver = true;
        }
        agentUnavailableLine = firstFrom(agentUnavailableLine, line, NO_AGENT);
        vsockAgentLine = firstFrom(vsockAgentLine, line, VSOCK_AGENT);
        if (fatalLine == null) {
            var matcher = SerialLog.FATAL.matcher(line);
            if (matcher.find()) {
                fatalLine = matcher.group().strip();
            }
        }
    }

    /** {@code found} if this boot had such a line already, else {@code line} from {@code marker} on, if it has it. */
    private static String firstFrom(String found, String line, String marker) {
        return found != null || !line.contains(marker) ? found : line.substring(line.indexOf(marker)).strip();
    }

    /** This boot's line saying the guest agent could not be started, if it printed one. */
    Optional<String> agentUnavailableLine() {
        return Optional.ofNullable(agentUnavailableLine);
    }

    /** This boot's line saying the guest agent listens on vsock, if it printed one. */
    Optional<String> vsockAgentLine() {
        return Optional.ofNullable(vsockAgentLine);
    }

    /** Whether this boot got as far as our init handing over to the image's init. */
    boolean handedOver() {
        return handedOver;
    }

    /** The first line of this boot that says it will not come up, also one the guest has not ended yet. */
    Optional<String> fatalLine() {
        if (fatalLine == null) {
            var matcher = SerialLog.FATAL.matcher(partialLine.toString(StandardCharsets.UTF_8));
            if (matcher.find()) {
                return Optional.of(matcher.group().strip());
            }
        }
        return Optional.ofNullable(fatalLine);
    }
}
