package dev.ignite.engine.vmm.firecracker;

import dev.ignite.engine.vmm.ChannelDeadline;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Just enough HTTP/1.1 over a unix socket for Firecracker's API: {@code java.net.http} cannot dial
 * unix sockets, and the JDK's own {@link SocketChannel} keeps native code out. One connection per
 * exchange, so a reply is framed by its Content-Length (or the end of the stream) and nothing leaks
 * between requests.
 */
final class UnixHttp {
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    record Reply(int status, String body) {
        boolean successful() {
            return status >= 200 && status < 300;
        }
    }

    private UnixHttp() {
    }

    static Reply exchange(Path socket, String method, String path, byte[] body, Duration timeout) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
             ChannelDeadline ignored = ChannelDeadline.arm(channel, timeout)) {
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                OutputStream out = Channels.newOutputStream(channel);
                out.write(requestHead(method, path, body).getBytes(StandardCharsets.US_ASCII));
                if (body != null) {
                    out.write(body);
                }
                out.flush();
                return readReply(new BufferedInputStream(Channels.newInputStream(channel)), method);
            } catch (AsynchronousCloseException e) {
                throw new IOException("no reply within " + timeout.toMillis() + " ms", e);
            }
        }
    }

    private static String requestHead(String method, String path, byte[] body) {
        StringBuilder head = new StringBuilder()
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: localhost\r\n")
                .append("Accept: application/json\r\n");
        if (body != null) {
            head.append("Content-Type: application/json\r\n")
                    .append("Content-Length: ").append(body.length).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    private static Reply readReply(InputStream in, String method) throws IOException {
        String statusLine = readLine(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP reply: " + statusLine);
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: " + statusLine, e);
        }
        long contentLength = -1;
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                contentLength = Long.parseLong(line.substring(colon + 1).trim());
            }
        }
        boolean noBody = status == 204 || status == 304 || status / 100 == 1 || method.equals("HEAD");
        byte[] body = noBody ? new byte[0]
                : contentLength >= 0 ? in.readNBytes((int) contentLength) : in.readAllBytes();
        return new Reply(status, new String(body, StandardCharsets.UTF_8));
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new IOException("connection closed in the middle of the reply headers");
            }
            if (line.size() > MAX_HEADER_BYTES) {
                throw new IOException("reply headers longer than " + MAX_HEADER_BYTES + " bytes");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.US_ASCII);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
