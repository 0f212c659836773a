package dev.ignite.engine.vmm.firecracker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.vmm.firecracker.FirecrackerApi.ActionType;
import dev.ignite.engine.vmm.firecracker.FirecrackerApi.BootSource;
import dev.ignite.engine.vmm.firecracker.FirecrackerApi.Drive;
import dev.ignite.engine.vmm.firecracker.FirecrackerApi.MachineConfig;
import dev.ignite.engine.vmm.firecracker.FirecrackerApi.MemoryBackend;
import dev.ignite.engine.vmm.firecracker.FirecrackerApi.NetworkInterface;
import dev.ignite.engine.vmm.firecracker.FirecrackerApi.NetworkOverride;
import dev.ignite.engine.vmm.firecracker.FirecrackerApi.SnapshotCreate;
import dev.ignite.engine.vmm.firecracker.FirecrackerApi.SnapshotLoad;
import dev.ignite.engine.vmm.firecracker.FirecrackerApi.SnapshotType;
import dev.ignite.engine.vmm.firecracker.FirecrackerApi.VmState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every request the client can send, over a real unix socket, checked against the API description. */
class FirecrackerApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private FakeFirecrackerServer server;
    private FirecrackerApi api;

    @BeforeEach
    void startServer() throws Exception {
        server = FakeFirecrackerServer.start(dir.resolve("api.sock"));
        api = new FirecrackerApi(server.socket(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    @Test
    void everyRequestTypeConformsToTheApiDescription() throws Exception {
        api.putMachineConfig(new MachineConfig(2, 256));
        api.putBootSource(new BootSource("/k/vmlinux", "console=ttyS0", "/k/initrd"));
        api.putBootSource(new BootSource("/k/vmlinux", null, null));
        api.putDrive(new Drive("root", "/vm/root.img", true, false));
        api.putNetworkInterface(new NetworkInterface("eth0", "igtap0", "52:54:01:23:45:67"));
        api.action(ActionType.INSTANCE_START);
        api.action(ActionType.SEND_CTRL_ALT_DEL);
        api.patchVm(VmState.PAUSED);
        api.patchVm(VmState.RESUMED);
        api.createSnapshot(new SnapshotCreate(SnapshotType.FULL, "/s/vm.state", "/s/vm.mem"));
        api.loadSnapshot(new SnapshotLoad("/s/vm.state", MemoryBackend.file(Path.of("/s/vm.mem")), true, null, null));
        api.loadSnapshot(new SnapshotLoad("/s/vm.state", MemoryBackend.file(Path.of("/s/vm.mem")), false,
                List.of(new NetworkOverride("eth0", "igtap1")), new FirecrackerApi.VsockOverride("/vm/agent.sock")));
        api.putLogger(new FirecrackerApi.Logger("/vm/firecracker.log", FirecrackerApi.LogLevel.INFO));
        assertThat(api.describeInstance().state()).isEqualTo("Not started");

        assertThat(server.requests()).allSatisfy(r -> assertThat(r.problems()).as(r.line()).isEmpty());
        assertThat(server.requests()).extracting(r -> r.line() + " " + r.body()).containsExactly(
                "PUT /machine-config {\"vcpu_count\":2,\"mem_size_mib\":256}",
                "PUT /boot-source {\"kernel_image_path\":\"/k/vmlinux\",\"boot_args\":\"console=ttyS0\","
                        + "\"initrd_path\":\"/k/initrd\"}",
                "PUT /boot-source {\"kernel_image_path\":\"/k/vmlinux\"}",
                "PUT /drives/root {\"drive_id\":\"root\",\"path_on_host\":\"/vm/root.img\",\"is_root_device\":true,"
                        + "\"is_read_only\":false}",
                "PUT /network-interfaces/eth0 {\"iface_id\":\"eth0\",\"host_dev_name\":\"igtap0\","
                        + "\"guest_mac\":\"52:54:01:23:45:67\"}",
                "PUT /actions {\"action_type\":\"InstanceStart\"}",
                "PUT /actions {\"action_type\":\"SendCtrlAltDel\"}",
                "PATCH /vm {\"state\":\"Paused\"}",
                "PATCH /vm {\"state\":\"Resumed\"}",
                "PUT /snapshot/create {\"snapshot_type\":\"Full\",\"snapshot_path\":\"/s/vm.state\","
                        + "\"mem_file_path\":\"/s/vm.mem\"}",
                "PUT /snapshot/load {\"snapshot_path\":\"/s/vm.state\",\"mem_backend\":{\"backend_path\":\"/s/vm.mem\","
                        + "\"backend_type\":\"File\"},\"resume_vm\":true}",
                "PUT /snapshot/load {\"snapshot_path\":\"/s/vm.state\",\"mem_backend\":{\"backend_path\":\"/s/vm.mem\","
                        + "\"backend_type\":\"File\"},\"resume_vm\":false,"
                        + "\"network_overrides\":[{\"iface_id\":\"eth0\",\"host_dev_name\":\"igtap1\"}],"
                        + "\"vsock_override\":{\"uds_path\":\"/vm/agent.sock\"}}",
                "PUT /logger {\"log_path\":\"/vm/firecracker.log\",\"level\":\"Info\"}",
                "GET / null");
        assertThat(server.requests().get(0).headers()).containsEntry("Content-Type", "application/json")
                .containsEntry("Host", "localhost");
    }

    @Test
    void anErrorReplySurfacesFirecrackersFaultMessageAndTheRequest() {
        server.failOn("PUT", "/boot-source", 400, "The kernel file cannot be opened: No such file or directory");

        assertThatThrownBy(() -> api.putBootSource(new BootSource("/missing/vmlinux", null, null)))
                .isInstanceOfSatisfying(FirecrackerApiException.class, e -> {
                    assertThat(e).hasMessage("Firecracker refused PUT /boot-source (HTTP 400): "
                            + "The kernel file cannot be opened: No such file or directory");
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.faultMessage()).startsWith("The kernel file cannot be opened");
                });
    }

    @Test
    void theFakeServerRejectsARequestThatBreaksTheDescriptionOnTheWire() throws Exception {
        byte[] body = "{\"action_type\":\"Reboot\"}".getBytes(StandardCharsets.UTF_8);

        UnixHttp.Reply reply = UnixHttp.exchange(server.socket(), "PUT", "/actions", body, Duration.ofSeconds(5));

        assertThat(reply.status()).isEqualTo(400);
        JsonNode fault = JSON.readTree(reply.body());
        assertThat(fault.path("fault_message").asText()).contains("body.action_type must be one of");
        assertThat(server.requests().get(0).problems()).hasSize(1);
    }

    @Test
    void aDriveIdThatFirecrackerWouldRefuseIsRejectedBeforeSending() {
        assertThatThrownBy(() -> api.putDrive(new Drive("../root", "/r.img", true, false)))
                .isInstanceOf(IgniteException.class)
                .hasMessage("a Firecracker drive or interface ID must be 1-64 letters, digits or underscores "
                        + "but was: ../root");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aWedgedFirecrackerTimesOutInsteadOfHanging() {
        server.goSilent();
        FirecrackerApi impatient = new FirecrackerApi(server.socket(), Duration.ofMillis(300));

        assertThatThrownBy(() -> impatient.patchVm(VmState.PAUSED))
                .isInstanceOf(IgniteException.class)
                .hasMessageContaining("for PATCH /vm: no reply within 300 ms");
    }

    @Test
    void aMissingSocketNamesTheSocketAndTheRequest() {
        Path nowhere = dir.resolve("gone.sock");

        assertThatThrownBy(() -> new FirecrackerApi(nowhere).action(ActionType.INSTANCE_START))
                .isInstanceOf(IgniteException.class)
                .hasMessageStartingWith("cannot reach Firecracker's API at " + nowhere + " for PUT /actions");
    }
}
