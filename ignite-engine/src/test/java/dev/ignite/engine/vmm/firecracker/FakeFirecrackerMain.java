package dev.ignite.engine.vmm.firecracker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in {@code firecracker} executable for tests: serves the validating fake API on
 * {@code --api-sock}, prints a line on stdout as the guest console would, writes each request it got
 * to {@code fake-requests.log} beside the socket, and exits when asked for {@code SendCtrlAltDel}.
 */
public final class FakeFirecrackerMain {
    static final String CONSOLE_LINE = "fake guest: serial console up";

    private FakeFirecrackerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[List.of(args).indexOf("--api-sock") + 1]);
        Path log = socket.resolveSibling("fake-requests.log");
        System.out.println(CONSOLE_LINE);
        System.out.flush();
        try (FakeFirecrackerServer server = FakeFirecrackerServer.start(socket)) {
            int written = 0;
            while (true) {
                List<FakeFirecrackerServer.Recorded> requests = server.requests();
                if (requests.size() != written) {
                    List<String> lines = new ArrayList<>();
                    for (FakeFirecrackerServer.Recorded r : requests) {
                        lines.add(r.line() + (r.problems().isEmpty() ? "" : " INVALID " + r.problems()));
                    }
                    Files.write(log, lines);
                    written = requests.size();
                    if (requests.get(written - 1).body() != null
                            && requests.get(written - 1).body().path("action_type").asText().equals("SendCtrlAltDel")) {
                        Thread.sleep(200); // lets the reply reach the client, as the guest's reboot would take a while
                        return;
                    }
                }
                Thread.sleep(10);
            }
        }
    }
}
