package dev.ignite.engine.vmm.firecracker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Firecracker's API as far as a client can tell: HTTP/1.1 on a unix socket, every request recorded
 * and validated against the official API description. An invalid request gets a 400 with a
 * {@code fault_message}, as Firecracker would answer it; so does a path ID that differs from the
 * body's ID (Firecracker's own rule, beyond the description).
 */
final class FakeFirecrackerServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received, with what the validator found wrong with it. */
    record Recorded(String method, String path, Map<String, String> headers, JsonNode body, List<String> problems) {
        String line() {
            return method + " " + path;
        }
    }

    private record Reply(int status, String body) {
    }

    private final Path socket;
    private final SwaggerRequestValidator validator = SwaggerRequestValidator.firecracker();
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Reply> scripted = new ConcurrentHashMap<>();
    private volatile boolean silent;

    private FakeFirecrackerServer(Path socket) throws IOException {
        this.socket = socket;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        this.acceptor = new Thread(this::serve, "fake-firecracker-api");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static FakeFirecrackerServer start(Path socket) throws IOException {
        return new FakeFirecrackerServer(socket);
    }

    Path socket() {
        return socket;
    }

    List<Recorded> requests() {
        return List.copyOf(requests);
    }

    List<String> requestLines() {
        return requests.stream().map(Recorded::line).toList();
    }

    /** Answers this method and path with an error, as Firecracker does when it refuses a request. */
    void failOn(String method, String path, int status, String faultMessage) {
        scripted.put(method + " " + path, new Reply(status,
                JSON.createObjectNode().put("fault_message", faultMessage).toString()));
    }

    /** Reads requests but never answers, like a wedged Firecracker. */
    void goSilent() {
        silent = true;
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                InputStream in = new BufferedInputStream(Channels.newInputStream(client));
                OutputStream out = Channels.newOutputStream(client);
                for (Recorded request = read(in); request != null; request = read(in)) {
                    requests.add(request);
                    if (silent) {
                        continue;
                    }
                    write(out, reply(request));
                }
            } catch (IOException e) {
                // A client that went away or the server closing: either way, serve the next or stop.
            }
        }
    }

    private Recorded read(InputStream in) throws IOException {
        String requestLine = readLine(in);
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        List<String> problems = new ArrayList<>();
        if (parts.length != 3 || !parts[2].equals("HTTP/1.1")) {
            problems.add("malformed request line: " + requestLine);
            return new Recorded(requestLine, "", headers, null, problems);
        }
        JsonNode body = null;
        int length = Integer.parseInt(headers.getOrDefault("Content-Length", "0"));
        if (length > 0) {
            byte[] bytes = in.readNBytes(length);
            try {
                body = JSON.readTree(bytes);
            } catch (IOException e) {
                problems.add("body is not JSON: " + new String(bytes, StandardCharsets.UTF_8));
            }
            if (!headers.getOrDefault("Content-Type", "").startsWith("application/json")) {
                problems.add("a JSON body needs Content-Type application/json");
            }
        }
        problems.addAll(validator.validate(parts[0], parts[1], body));
        problems.addAll(idMatchesPath(parts[1], body));
        return new Recorded(parts[0], parts[1], headers, body, problems);
    }

    private static List<String> idMatchesPath(String path, JsonNode body) {
        for (String[] resource : new String[][]{{"/drives/", "drive_id"}, {"/network-interfaces/", "iface_id"}}) {
            if (path.startsWith(resource[0]) && body != null
                    && !path.substring(resource[0].length()).equals(body.path(resource[1]).asText())) {
                return List.of("the id from the path does not match the id from the body");
            }
        }
        return List.of();
    }

    private Reply reply(Recorded request) {
        if (!request.problems().isEmpty()) {
            return new Reply(400, JSON.createObjectNode()
                    .put("fault_message", String.join("; ", request.problems())).toString());
        }
        Reply scriptedReply = scripted.get(request.line());
        if (scriptedReply != null) {
            return scriptedReply;
        }
        if (request.method().equals("GET") && request.path().equals("/")) {
            return new Reply(200, instanceInfo().toString());
        }
        return new Reply(204, "");
    }

    static ObjectNode instanceInfo() {
        return JSON.createObjectNode().put("app_name", "Firecracker").put("id", "anonymous-instance")
                .put("state", "Not started").put("vmm_version", "1.17.0-dev");
    }

    private static void write(OutputStream out, Reply reply) throws IOException {
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(reply.status()).append(' ')
                .append(reason(reply.status())).append("\r\nServer: Firecracker API\r\nConnection: keep-alive\r\n");
        if (reply.status() != 204) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            default -> "Status " + status;
        };
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b == -1) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.US_ASCII);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(socket);
    }
}
