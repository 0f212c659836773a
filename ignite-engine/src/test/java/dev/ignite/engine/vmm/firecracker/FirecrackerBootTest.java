package dev.ignite.engine.vmm.firecracker;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.vmm.LaunchPlan;
import dev.ignite.engine.vmm.MemoryFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The socket-driving half of FirecrackerVmm, against a fake Firecracker that validates each request. */
class FirecrackerBootTest {
    @TempDir
    Path dir;
    private FakeFirecrackerServer server;
    private FirecrackerApi api;
    private LaunchPlan plan;

    @BeforeEach
    void setUp() throws Exception {
        server = FakeFirecrackerServer.start(dir.resolve("api.sock"));
        api = new FirecrackerApi(server.socket());
        plan = FirecrackerTestPlans.valid(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
    }

    @Test
    void aColdBootSendsTheStepsInOrderAndEveryRequestConforms() {
        FirecrackerBoot.run(api, plan.vmId(), FirecrackerBoot.coldBoot(plan));

        assertThat(FirecrackerBoot.coldBoot(plan)).extracting(FirecrackerBoot.Step::name).containsExactly(
                "logger", "machine-config", "boot-source", "root-drive", "config-drive", "network-interface",
                "vsock", "instance-start");
        assertThat(server.requestLines()).containsExactly(
                "PUT /logger",
                "PUT /machine-config",
                "PUT /boot-source",
                "PUT /drives/root",
                "PUT /drives/config",
                "PUT /network-interfaces/eth0",
                "PUT /vsock",
                "PUT /actions");
        assertThat(server.requests()).allSatisfy(r -> assertThat(r.problems()).as(r.line()).isEmpty());
    }

    @Test
    void aSnapshotRestoreLoadsTheStateOntoTheClonesTapAndAgentSocketAndEveryRequestConforms() {
        LaunchPlan clone = plan.toBuilder()
                .setMemoryFile(MemoryFile.forClone(dir.resolve("memory.ram"), dir.resolve("device.state"), "0123456789abcdef"))
                .build();

        FirecrackerBoot.run(api, clone.vmId(), FirecrackerBoot.restore(clone));

        assertThat(server.requestLines()).containsExactly("PUT /logger", "PUT /snapshot/load");
        assertThat(server.requests()).allSatisfy(r -> assertThat(r.problems()).as(r.line()).isEmpty());
        assertThat(server.requests().get(1).body().toString()).isEqualTo("{\"snapshot_path\":\""
                + dir.resolve("device.state") + "\",\"mem_backend\":{\"backend_path\":\"" + dir.resolve("memory.ram")
                + "\",\"backend_type\":\"File\"},\"resume_vm\":true,\"network_overrides\":[{\"iface_id\":\"eth0\","
                + "\"host_dev_name\":\"igtap0\"}],\"vsock_override\":{\"uds_path\":\"" + clone.agentSocket()
                + "\"}}");
    }

    @Test
    void theRequestsCarryThePlan() {
        FirecrackerBoot.run(api, plan.vmId(), FirecrackerBoot.coldBoot(plan));

        var bodies = server.requests().stream().map(FakeFirecrackerServer.Recorded::body).toList();
        assertThat(bodies.get(0).path("log_path").asText()).isEqualTo(dir.resolve("firecracker.log").toString());
        assertThat(bodies.get(1).toString()).isEqualTo("{\"vcpu_count\":2,\"mem_size_mib\":256}");
        assertThat(bodies.get(2).path("kernel_image_path").asText()).isEqualTo(plan.kernelImage().toString());
        assertThat(bodies.get(2).path("initrd_path").asText()).isEqualTo(plan.initramfs().toString());
        assertThat(bodies.get(2).path("boot_args").asText())
                .as("disks by attach order: Firecracker sets the virtio serials itself; the agent on vsock")
                .isEqualTo(FirecrackerTestPlans.COMMAND_LINE + " ignite.disks=order ignite.agent=vsock:1024");
        assertThat(bodies.get(3).toString()).isEqualTo("{\"drive_id\":\"root\",\"path_on_host\":\"" + plan.rootDisk()
                + "\",\"is_root_device\":true,\"is_read_only\":false}");
        assertThat(bodies.get(4).toString()).isEqualTo("{\"drive_id\":\"config\",\"path_on_host\":\""
                + plan.configDisk() + "\",\"is_root_device\":false,\"is_read_only\":true}");
        assertThat(bodies.get(5).toString()).isEqualTo("{\"iface_id\":\"eth0\",\"host_dev_name\":\"igtap0\","
                + "\"guest_mac\":\"52:54:01:23:45:67\"}");
        assertThat(bodies.get(6).toString()).as("the guest agent's channel").isEqualTo("{\"guest_cid\":3,\"uds_path\":\""
                + plan.agentSocket() + "\"}");
        assertThat(bodies.get(7).toString()).isEqualTo("{\"action_type\":\"InstanceStart\"}");
    }

    @Test
    void aRefusedStepIsNamedWithFirecrackersReasonAndNothingAfterItIsSent() {
        server.failOn("PUT", "/drives/root", 400, "Unable to create the block device: No such file or directory");

        assertThatThrownBy(() -> FirecrackerBoot.run(api, plan.vmId(), FirecrackerBoot.coldBoot(plan)))
                .isInstanceOf(IgniteException.class)
                .hasMessage("VM 0123456789abcdef: Firecracker step 'root-drive' failed: Firecracker refused "
                        + "PUT /drives/root (HTTP 400): Unable to create the block device: No such file or directory")
                .hasCauseInstanceOf(FirecrackerApiException.class);
        assertThat(server.requestLines()).endsWith("PUT /drives/root").doesNotContain("PUT /actions");
    }
}
