package dev.ignite.engine.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HostsFileTest {
    private static final List<NetworkMember> MEMBERS = List.of(
            new NetworkMember("a1", "alpha", "10.77.0.2", null, List.of()),
            new NetworkMember("b2", "beta", "10.77.0.3", null, List.of("db", "primary")));

    @TempDir
    Path tmp;

    @Test
    void blockListsEveryMemberBetweenMarkers() {
        assertThat(HostsFile.block("lab", MEMBERS)).isEqualTo("""
                # ignite-network-begin lab
                10.77.0.2 alpha
                10.77.0.3 beta db primary
                # ignite-network-end
                """);
    }

    @Test
    void replaceCommandSwapsTheBlockInPlaceAndKeepsOtherLines() throws Exception {
        Path hosts = tmp.resolve("hosts");
        Files.writeString(hosts, "127.0.0.1 localhost\n" + HostsFile.block("lab", MEMBERS.subList(0, 1))
                + "192.0.2.9 kept # it's the user's\n");

        runShell(HostsFile.replaceCommand(HostsFile.block("lab", MEMBERS), hosts.toString()));

        assertThat(Files.readString(hosts)).isEqualTo("127.0.0.1 localhost\n" + HostsFile.block("lab", MEMBERS)
                + "192.0.2.9 kept # it's the user's\n");
        assertThat(tmp.toFile().list()).containsExactly("hosts");
    }

    @Test
    void replaceCommandAppendsTheBlockWhenAbsentEvenAfterALastLineWithoutNewline() throws Exception {
        Path hosts = tmp.resolve("hosts");
        Files.writeString(hosts, "127.0.0.1 localhost");

        runShell(HostsFile.replaceCommand(HostsFile.block("lab", MEMBERS), hosts.toString()));

        assertThat(Files.readString(hosts)).isEqualTo("127.0.0.1 localhost\n" + HostsFile.block("lab", MEMBERS));
    }

    private static void runShell(String command) throws Exception {
        Process sh = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        String output = new String(sh.getInputStream().readAllBytes());
        assertThat(sh.waitFor()).as("exit code, output: %s", output).isZero();
    }
}
