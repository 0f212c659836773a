package dev.ignite.engine.access;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.TestEngine;
import dev.ignite.engine.vm.BootMode;
import dev.ignite.engine.vm.LaunchOptions;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.VmSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Exec options, file copies (through the guest agent), port forwards (SSH) and the agent's channel
 * (streams apart, concurrent execs, stdin, timeouts, a killed worker), against one VM of the
 * default image.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SshAccessIT {
    private static Vm vm;
    private static PortForward leftOpen;

    @TempDir
    Path tmp;

    @BeforeAll
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    static void boot() {
        Ignite ignite = TestEngine.openWithDefaults();
        // A cold boot: one test reads how the boot reached the agent; clones' access is SnapshotIT's.
        vm = ignite.launch(VmSpec.builder(Ignite.DEFAULT_IMAGE, Ignite.DEFAULT_KERNEL).build(),
                LaunchOptions.builder().setBoot(BootMode.COLD).build());
    }

    @AfterAll
    static void stop() {
        if (vm == null) {
            return;
        }
        vm.close();
        if (leftOpen != null) {
            assertThat(leftOpen.isOpen()).as("a forward left open is closed with the VM").isFalse();
            assertThatThrownBy(() -> new Socket("127.0.0.1", leftOpen.localPort()).close())
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    @Order(1)
    void environmentValuesWithSpacesQuotesAndShellCharactersArriveIntact() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPACES", "two  words ");
        env.put("QUOTES", "it's \"quoted\"");
        env.put("SHELLY", "$HOME `id` $(id) ; && | * \\");
        env.put("LINES", "first\nsecond");
        env.put("EMPTY", "");
        ExecResult result = vm.execOrFail(ExecRequest.builder(
                "printf '[%s]' \"$SPACES\" \"$QUOTES\" \"$SHELLY\" \"$LINES\" \"$EMPTY\"; echo; pwd")
                .setEnv(env)
                .setWorkingDirectory("/tmp")
                .build());

        assertThat(result.stdout()).isEqualTo(
                "[two  words ][it's \"quoted\"][$HOME `id` $(id) ; && | * \\][first\nsecond][]\n/tmp\n");
        assertThat(result.duration()).isPositive();
    }

    @Test
    @Order(2)
    void outputLinesStreamBeforeTheCommandEnds() throws Exception {
        CountDownLatch firstLine = new CountDownLatch(1);
        List<String> lines = new CopyOnWriteArrayList<>();
        ExecRequest request = ExecRequest.builder("echo a; sleep 3; echo b; echo err >&2")
                .setStdoutSink(line -> {
                    lines.add(line);
                    firstLine.countDown();
                })
                .setStderrSink(line -> lines.add("stderr:" + line))
                .build();

        CompletableFuture<ExecResult> running = CompletableFuture.supplyAsync(() -> vm.exec(request));
        assertThat(firstLine.await(60, TimeUnit.SECONDS)).as("first line within 60 s").isTrue();
        assertThat(running).as("command still running when its first line arrived").isNotDone();
        assertThat(lines).containsExactly("a");

        ExecResult result = running.get(60, TimeUnit.SECONDS);
        assertThat(result.stdout()).isEqualTo("a\nb\n");
        assertThat(result.stderr()).isEqualTo("err\n");
        assertThat(lines).containsExactlyInAnyOrder("a", "b", "stderr:err");
    }

    @Test
    @Order(3)
    void anExpiredTimeoutClosesTheChannelAndTheVmStillAnswers() {
        Instant started = Instant.now();
        assertThatThrownBy(() -> vm.exec("sleep 60", Duration.ofSeconds(2)))
                .isInstanceOf(ExecTimeoutException.class)
                .hasMessageStartingWith("`sleep 60` did not finish within 2 s: it was ended");
        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(30));

        assertThat(vm.exec("echo still here").stdout()).isEqualTo("still here\n");
    }

    @Test
    @Order(4)
    void stdinIsFedAndThenClosed() {
        String input = "line one\nline 'two' with \"quotes\"\nünïcødé\n";
        assertThat(vm.execOrFail(ExecRequest.builder("cat").setStdin(input).build()).stdout()).isEqualTo(input);
        // Without stdin text the command still sees end of input instead of waiting for it.
        assertThat(vm.exec("wc -c", Duration.ofSeconds(60)).stdout().strip()).isEqualTo("0");
    }

    @Test
    @Order(5)
    void execOrFailThrowsWithExitCodeAndStderr() {
        assertThatThrownBy(() -> vm.execOrFail("echo out; echo oops >&2; exit 3"))
                .isInstanceOfSatisfying(ExecFailedException.class, e -> {
                    assertThat(e.result().exitCode()).isEqualTo(3);
                    assertThat(e.result().stdout()).isEqualTo("out\n");
                })
                .hasMessage("`echo out; echo oops >&2; exit 3` exited 3; stderr:\noops");
    }

    @Test
    @Order(6)
    void aFolderTreeCopiesInAndOutWithModesContentAndLinks() throws IOException {
        Path tree = tmp.resolve("tree");
        Files.createDirectories(tree.resolve("nested/deeper"));
        Files.createDirectories(tree.resolve("empty"));
        write(tree.resolve("run.sh"), "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8), "rwxr-x---");
        write(tree.resolve("secret"), "s3cret with spaces\n".getBytes(StandardCharsets.UTF_8), "rw-------");
        byte[] binary = new byte[300_000];
        new Random(42).nextBytes(binary);
        write(tree.resolve("nested/deeper/blob.bin"), binary, "rw-r--r--");
        write(tree.resolve("nested/file with spaces.txt"), "x".getBytes(StandardCharsets.UTF_8), "r--r-----");
        Files.createSymbolicLink(tree.resolve("link-to-run"), Path.of("run.sh"));
        Files.setPosixFilePermissions(tree.resolve("nested"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.setPosixFilePermissions(tree.resolve("empty"), PosixFilePermissions.fromString("rwx------"));

        vm.copyTo(tree, "/root/in/tree");

        assertThat(vm.execOrFail("cd /root/in/tree && stat -c '%a %n' run.sh secret nested empty"
                + " 'nested/file with spaces.txt' && readlink link-to-run && md5sum nested/deeper/blob.bin").stdout())
                .isEqualTo("750 run.sh\n600 secret\n750 nested\n700 empty\n440 nested/file with spaces.txt\n"
                        + "run.sh\n" + md5(binary) + "  nested/deeper/blob.bin\n");

        Path back = tmp.resolve("back/tree");
        vm.copyFrom("/root/in/tree", back);
        assertThat(describe(back)).isEqualTo(describe(tree));

        // A single file both ways, into folders that do not exist yet.
        vm.copyTo(tree.resolve("secret"), "/root/single/dir/secret.txt");
        vm.copyFrom("/root/single/dir/secret.txt", tmp.resolve("single/secret.txt"));
        assertThat(describe(tmp.resolve("single"))).containsEntry("secret.txt", "600 s3cret with spaces\n");
    }

    @Test
    @Order(7)
    void copyingWhatDoesNotExistSaysWhich() {
        assertThatThrownBy(() -> vm.copyFrom("/no/such/file", tmp.resolve("x")))
                .hasMessageContaining("/no/such/file").hasMessageContaining("does not exist");
        assertThatThrownBy(() -> vm.copyTo(tmp.resolve("missing"), "/root/x"))
                .hasMessageContaining("missing").hasMessageContaining("does not exist on the host");
    }

    @Test
    @Order(8)
    void aGuestPortNotPublishedAtStartIsReachableThroughAForward() throws Exception {
        vm.execOrFail("mkdir -p /www && echo hello-from-guest > /www/index.html && busybox httpd -p 8080 -h /www");

        try (PortForward forward = vm.forward(8080)) {
            assertThat(forward.guestPort()).isEqualTo(8080);
            assertThat(httpGet(forward.localPort(), "/index.html"))
                    .startsWith("HTTP/1.").endsWith("hello-from-guest\n");
            // Each connection gets a channel of its own.
            assertThat(httpGet(forward.localPort(), "/index.html")).endsWith("hello-from-guest\n");
        }
        leftOpen = vm.forward(8080);
        assertThat(httpGet(leftOpen.localPort(), "/index.html")).endsWith("hello-from-guest\n");
    }

    @Test
    @Order(9)
    void concurrentExecsFromFourThreadsAllSucceed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<ExecResult>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int n = i;
                results.add(pool.submit(() -> vm.execOrFail(
                        ExecRequest.builder("sleep 1; echo \"$N\"").addEnv("N", "job " + n).build())));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get(2, TimeUnit.MINUTES).stdout()).isEqualTo("job " + i + "\n");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Order(10)
    void aKilledAgentIsRestartedForTheNextCall() {
        // $PPID is the guest agent's worker serving the command: killing it ends the call at once (not
        // at its timeout), and the agent's supervisor starts another worker for the next.
        Instant started = Instant.now();
        assertThatThrownBy(() -> vm.exec("kill $PPID; sleep 60", Duration.ofSeconds(50)))
                .hasMessageContaining("the guest agent restarted");
        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(20));
        assertThat(vm.execOrFail("echo reconnected").stdout()).isEqualTo("reconnected\n");
        assertThat(httpGet(leftOpen.localPort(), "/index.html")).as("forward after reconnect")
                .endsWith("hello-from-guest\n");
    }

    @Test
    void theBootWaitedForTheAgentStartedByOurInitramfs() {
        assertThat(vm.serialLog().text()).contains("ignite-init: agent on /dev/vport");
    }

    @Test
    void stdoutStderrAndExitCodeComeApart() {
        ExecResult result = vm.exec("echo out; echo err >&2; exit 3");
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
    }

    @Test
    void environmentAndWorkingDirectoryAreTheRequests() {
        ExecResult result = vm.execOrFail(ExecRequest.builder("echo \"$GREETING\"; pwd; echo $HOME")
                .addEnv("GREETING", "hello 'quoted' $world").setWorkingDirectory("/etc").build());
        assertThat(result.stdout()).isEqualTo("hello 'quoted' $world\n/etc\n/root\n");
        assertThat(vm.exec(ExecRequest.builder("true").setWorkingDirectory("/no/such").build()).exitCode())
                .isEqualTo(1);
    }

    @Test
    void severalCommandsRunAtOnce() {
        Instant started = Instant.now();
        List<CompletableFuture<ExecResult>> runs = IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> vm.exec("sleep 2; echo " + i)))
                .toList();
        for (int i = 0; i < runs.size(); i++) {
            assertThat(runs.get(i).join().stdout()).isEqualTo(i + "\n");
        }
        assertThat(Duration.between(started, Instant.now())).as("four 2 s sleeps side by side")
                .isLessThan(Duration.ofSeconds(7));
    }

    @Test
    void largeStdinArrivesWhole() {
        String input = "x".repeat(300_000) + "\n";
        ExecResult result = vm.execOrFail(ExecRequest.builder("wc -c").setStdin(input).build());
        assertThat(result.stdout().trim()).isEqualTo("300001");
        ExecResult ignored = vm.execOrFail(ExecRequest.builder("true").setStdin(input).build());
        assertThat(ignored.stdout()).isEmpty();
    }

    @Test
    void aTimeoutKillsTheCommandsProcessGroup() {
        assertThatThrownBy(() -> vm.exec(ExecRequest.builder("sleep 31 & sleep 32; echo done")
                .setTimeout(Duration.ofSeconds(1)).build()))
                .isInstanceOf(ExecTimeoutException.class);
        assertThat(vm.exec("sleep 0.3; ps | grep -v grep | grep 'sleep 3[12]'").stdout()).isEmpty();
    }

    @Test
    void aCommandThatIsNotThereExits127() {
        assertThat(vm.exec("no-such-command-here").exitCode()).isEqualTo(127);
    }

    @Test
    void copiesKeepModesAndLinksBothWays() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("tree/sub"));
        Files.writeString(tree.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(tree.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(tree.resolve("link"), Path.of("run.sh"));
        vm.copyTo(tmp.resolve("tree"), "/opt/deep/tree");
        assertThat(vm.execOrFail("stat -c '%a %U' /opt/deep/tree/sub/run.sh; readlink /opt/deep/tree/sub/link;"
                + " /opt/deep/tree/sub/run.sh").stdout()).isEqualTo("750 root\nrun.sh\nhi\n");

        vm.execOrFail("mkdir -p /srv/out/d && echo data >/srv/out/d/f && chmod 604 /srv/out/d/f && ln -s /etc/passwd /srv/out/l");
        vm.copyFrom("/srv/out", tmp.resolve("back"));
        assertThat(Files.readString(tmp.resolve("back/d/f"))).isEqualTo("data\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("back/d/f"))))
                .isEqualTo("rw----r--");
        assertThat(Files.readSymbolicLink(tmp.resolve("back/l"))).isEqualTo(Path.of("/etc/passwd"));
        assertThat(Files.isSymbolicLink(tmp.resolve("back/l"))).isTrue();
        assertThat(Files.exists(tmp.resolve("back/l"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(tmp.resolve("back").toFile().list()).containsExactlyInAnyOrder("d", "l");
    }

    private static void write(Path file, byte[] content, String permissions) throws IOException {
        Files.write(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    }

    /** Relative path to "mode content" (files), "mode/" (folders) or "-> target" (links). */
    private static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String key = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    entries.put(key, "-> " + Files.readSymbolicLink(p));
                    continue;
                }
                String mode = PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                int octal = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0777;
                entries.put(key, Files.isDirectory(p)
                        ? Integer.toOctalString(octal) + "/" + mode
                        : Integer.toOctalString(octal) + " " + (key.endsWith(".bin")
                        ? md5(Files.readAllBytes(p)) : Files.readString(p)));
            }
        }
        return entries;
    }

    private static String md5(byte[] content) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("MD5").digest(content);
            return String.format("%032x", new java.math.BigInteger(1, digest));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A plain HTTP/1.0 GET over a socket to 127.0.0.1: the whole response, headers and body. */
    private static String httpGet(int port, String path) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("HTTP GET 127.0.0.1:" + port + path + " failed: " + e, e);
        }
    }
}
