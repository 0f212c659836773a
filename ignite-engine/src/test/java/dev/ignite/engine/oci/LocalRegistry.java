package dev.ignite.engine.oci;

import dev.ignite.engine.store.FileTrees;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code docker-registry} (the CNCF distribution registry) on 127.0.0.1 and a free port,
 * plain HTTP, storage in a temp folder; started before the class's tests and stopped after.
 * Use as {@code @RegisterExtension static LocalRegistry registry = new LocalRegistry();}; tests
 * skip when the package is missing.
 */
public final class LocalRegistry implements ExecutionCondition, BeforeAllCallback, AfterAllCallback {
    private final String user;
    private final String password;
    private Process process;
    private Path folder;
    private int port;

    public LocalRegistry() {
        this(null, null);
    }

    private LocalRegistry(String user, String password) {
        this.user = user;
        this.password = password;
    }

    /** A registry that wants this user and password (htpasswd, bcrypt made with python3's crypt). */
    public static LocalRegistry withLogin(String user, String password) {
        return new LocalRegistry(user, password);
    }

    /** Skips the class's tests when the registry is not installed (each reported as skipped). */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return TestTools.isInstalled("docker-registry") ? ConditionEvaluationResult.enabled("docker-registry present")
                : ConditionEvaluationResult.disabled(TestTools.missingMessage("docker-registry", "docker-registry"));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        folder = Files.createTempDirectory("ignite-registry-");
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path config = folder.resolve("config.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: error
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                """.formatted(folder.resolve("data"), port) + (user == null ? "" : """
                auth:
                  htpasswd:
                    realm: ignite-test
                    path: %s
                """.formatted(htpasswd())));
        process = new ProcessBuilder("docker-registry", "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(folder.resolve("registry.log").toFile()).start();
        awaitReady();
    }

    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited with " + process.exitValue() + ": "
                        + Files.readString(folder.resolve("registry.log")));
            }
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create("http://" + address() + "/v2/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200 || (user != null && response.statusCode() == 401)) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("docker-registry did not answer on " + address() + " within 30 s");
    }

    private Path htpasswd() {
        String hash = TestTools.run("python3", "-W", "ignore", "-c",
                "import crypt,sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH)))", password).strip();
        try {
            return Files.writeString(folder.resolve("htpasswd"), user + ":" + hash + "\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A Docker config file ({@code auths}) holding this registry's login, as {@code docker login} writes it. */
    public Path dockerConfig(Path dir) throws IOException {
        String auth = java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
        return Files.writeString(dir.resolve("config.json"),
                "{\"auths\":{\"" + address() + "\":{\"auth\":\"" + auth + "\"}}}");
    }

    /** {@code 127.0.0.1:PORT}, the registry part of image references. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        if (folder != null) {
            FileTrees.deleteRecursively(folder);
        }
    }
}
