package dev.ignite.engine.vmm.firecracker;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ignite.engine.IgniteException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Firecracker's REST API on its unix socket, one typed method per request the engine sends. Field
 * names follow Firecracker's API description (swagger {@code definitions}); absent optional fields
 * are left out, never sent as {@code null}. A non-2xx reply becomes a {@link FirecrackerApiException}.
 */
public final class FirecrackerApi {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** Firecracker's rule for drive and interface IDs, checked here so the path stays plain. */
    private static final Pattern RESOURCE_ID = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path socket;
    private final Duration timeout;

    public FirecrackerApi(Path socket) {
        this(socket, DEFAULT_TIMEOUT);
    }

    public FirecrackerApi(Path socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
    }

    public Path socket() {
        return socket;
    }

    /** Firecracker's own log; the file must exist (Firecracker opens, never creates it). */
    public void putLogger(Logger logger) {
        send("PUT", "/logger", logger);
    }

    public void putMachineConfig(MachineConfig config) {
        send("PUT", "/machine-config", config);
    }

    public void putBootSource(BootSource bootSource) {
        send("PUT", "/boot-source", bootSource);
    }

    public void putDrive(Drive drive) {
        send("PUT", "/drives/" + resourceId(drive.driveId()), drive);
    }

    /** The vsock device; Firecracker listens on {@code uds_path} for host-initiated connections. */
    public void putVsock(Vsock vsock) {
        send("PUT", "/vsock", vsock);
    }

    public void putNetworkInterface(NetworkInterface nic) {
        send("PUT", "/network-interfaces/" + resourceId(nic.ifaceId()), nic);
    }

    public void action(ActionType action) {
        send("PUT", "/actions", new InstanceAction(action));
    }

    public void patchVm(VmState state) {
        send("PATCH", "/vm", new VmStateChange(state));
    }

    public void createSnapshot(SnapshotCreate snapshot) {
        send("PUT", "/snapshot/create", snapshot);
    }

    public void loadSnapshot(SnapshotLoad snapshot) {
        send("PUT", "/snapshot/load", snapshot);
    }

    public InstanceInfo describeInstance() {
        String body = send("GET", "/", null);
        try {
            return JSON.readValue(body, InstanceInfo.class);
        } catch (JsonProcessingException e) {
            throw new IgniteException("Firecracker's answer to GET / is not instance information: " + body, e);
        }
    }

    private String send(String method, String path, Object body) {
        UnixHttp.Reply reply;
        try {
            byte[] json = body == null ? null : JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
            reply = UnixHttp.exchange(socket, method, path, json, timeout);
        } catch (IOException e) {
            throw new IgniteException("cannot reach Firecracker's API at " + socket + " for " + method + " " + path
                    + ": " + e.getMessage(), e);
        }
        if (!reply.successful()) {
            throw new FirecrackerApiException(method, path, reply.status(), faultMessage(reply.body()));
        }
        return reply.body();
    }

    private static String faultMessage(String body) {
        try {
            JsonNode fault = JSON.readTree(body).path("fault_message");
            if (fault.isTextual()) {
                return fault.asText();
            }
        } catch (JsonProcessingException ignored) {
            // Not JSON: quote what came back.
        }
        return body.isBlank() ? "(no fault_message in the reply)" : body.strip();
    }

    private static String resourceId(String id) {
        if (id == null || !RESOURCE_ID.matcher(id).matches()) {
            throw new IgniteException("a Firecracker drive or interface ID must be 1-64 letters, digits or "
                    + "underscores but was: " + id);
        }
        return id;
    }

    // Request and reply bodies, named as in the API description's definitions.

    public record Logger(
            @JsonProperty("log_path") String logPath,
            @JsonProperty("level") LogLevel level) {
    }

    public enum LogLevel {
        @JsonProperty("Error") ERROR,
        @JsonProperty("Warning") WARNING,
        @JsonProperty("Info") INFO,
        @JsonProperty("Debug") DEBUG
    }

    public record MachineConfig(
            @JsonProperty("vcpu_count") int vcpuCount,
            @JsonProperty("mem_size_mib") int memSizeMib) {
    }

    public record BootSource(
            @JsonProperty("kernel_image_path") String kernelImagePath,
            @JsonProperty("boot_args") String bootArgs,
            @JsonProperty("initrd_path") String initrdPath) {
    }

    public record Drive(
            @JsonProperty("drive_id") String driveId,
            @JsonProperty("path_on_host") String pathOnHost,
            @JsonProperty("is_root_device") boolean isRootDevice,
            @JsonProperty("is_read_only") boolean isReadOnly) {
    }

    /**
     * A vsock device: the host reaches guest port P by connecting to {@code udsPath} and writing
     * {@code CONNECT P\n} (docs/agent.md, vsock). The CID is the guest's address (3 and up).
     */
    public record Vsock(@JsonProperty("guest_cid") int guestCid, @JsonProperty("uds_path") String udsPath) {
    }

    public record NetworkInterface(
            @JsonProperty("iface_id") String ifaceId,
            @JsonProperty("host_dev_name") String hostDevName,
            @JsonProperty("guest_mac") String guestMac) {
    }

    public enum ActionType {
        @JsonProperty("InstanceStart") INSTANCE_START,
        @JsonProperty("SendCtrlAltDel") SEND_CTRL_ALT_DEL
    }

    record InstanceAction(@JsonProperty("action_type") ActionType actionType) {
    }

    public enum VmState {
        @JsonProperty("Paused") PAUSED,
        @JsonProperty("Resumed") RESUMED
    }

    record VmStateChange(@JsonProperty("state") VmState state) {
    }

    public enum SnapshotType {
        @JsonProperty("Full") FULL,
        @JsonProperty("Diff") DIFF
    }

    public record SnapshotCreate(
            @JsonProperty("snapshot_type") SnapshotType snapshotType,
            @JsonProperty("snapshot_path") String snapshotPath,
            @JsonProperty("mem_file_path") String memFilePath) {
    }

    /**
     * Restores into a fresh Firecracker process; {@code networkOverrides} may move NICs to new TAPs,
     * {@code vsockOverride} (optional) gives the vsock device the clone's own socket.
     */
    public record SnapshotLoad(
            @JsonProperty("snapshot_path") String snapshotPath,
            @JsonProperty("mem_backend") MemoryBackend memBackend,
            @JsonProperty("resume_vm") boolean resumeVm,
            @JsonProperty("network_overrides") @JsonInclude(JsonInclude.Include.NON_EMPTY)
            List<NetworkOverride> networkOverrides,
            @JsonProperty("vsock_override") @JsonInclude(JsonInclude.Include.NON_NULL)
            VsockOverride vsockOverride) {

        public SnapshotLoad {
            networkOverrides = networkOverrides == null ? List.of() : List.copyOf(networkOverrides);
        }
    }

    public record MemoryBackend(
            @JsonProperty("backend_path") String backendPath,
            @JsonProperty("backend_type") BackendType backendType) {

        public static MemoryBackend file(Path memory) {
            return new MemoryBackend(memory.toString(), BackendType.FILE);
        }
    }

    public enum BackendType {
        @JsonProperty("File") FILE
    }

    public record VsockOverride(@JsonProperty("uds_path") String udsPath) {
    }

    public record NetworkOverride(
            @JsonProperty("iface_id") String ifaceId,
            @JsonProperty("host_dev_name") String hostDevName) {
    }

    public record InstanceInfo(
            @JsonProperty("app_name") String appName,
            @JsonProperty("id") String id,
            @JsonProperty("state") String state,
            @JsonProperty("vmm_version") String vmmVersion) {
    }
}
