package dev.ignite.engine.access;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.TestEngine;
import dev.ignite.engine.vm.BootMode;
import dev.ignite.engine.vm.LaunchOptions;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.VmSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guest agent on vsock, as Firecracker VMs get it ({@code ignite.agent=vsock:PORT}): our init
 * loads the vsock modules and starts the agent listening there. QEMU has no vsock device without
 * {@code /dev/vhost-vsock}, so the host cannot reach that listener: the boot goes on over SSH, and
 * the test speaks the agent's protocol from inside the guest, through the kernel's vsock loopback
 * (CID 1) with {@code ignite-agent --connect}: frames built by the engine, answers read by it.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class VsockAgentIT {
    private static final String FIND_AGENT = "for p in /proc/[0-9]*; do read -r c <$p/comm 2>/dev/null;"
            + " [ \"$c\" = ignite-agent ] && { echo ${p#/proc/}; break; }; done";

    @Test
    void anAgentOnVsockServesExecsAndOneHostAfterAnother() throws Exception {
        Ignite ignite = TestEngine.openWithDefaults();
        try (Vm vm = ignite.launch(VmSpec.builder(Ignite.DEFAULT_IMAGE, Ignite.DEFAULT_KERNEL)
                        .addKernelArg("quiet").addKernelArg("ignite.agent=vsock:1024")
                        .setBootTimeout(Duration.ofSeconds(120)).build(),
                LaunchOptions.builder().setBoot(BootMode.COLD).build())) {
            assertThat(vm.serialLog().text()).as("the boot went on over SSH: QEMU does not carry vsock")
                    .contains("ignite-init: agent on vsock:1024");
            assertThat(vm.execOrFail("cat /proc/modules").stdout()).as("loaded for the vsock agent only")
                    .contains("vmw_vsock_virtio_transport ").contains("vsock_loopback ");
            String agent = vm.execOrFail(FIND_AGENT).stdout().strip();
            assertThat(agent).as("the agent's pid").matches("\\d+");

            List<AgentFrame> answers = exchange(vm, agent, List.of(
                    new AgentFrame(0, AgentFrame.PING, new byte[0]),
                    AgentFrame.exec(1, AgentFrame.FLAG_SHELL, List.of("echo out; echo err >&2; exit 3"),
                            AgentConnection.BASE_ENV, "/tmp"),
                    new AgentFrame(1, AgentFrame.STDIN, new byte[0])));
            assertThat(answers).anySatisfy(frame -> {
                assertThat(frame.type()).isEqualTo(AgentFrame.PONG);
                assertThat(frame.text()).isEqualTo("ignite-agent 1");
            });
            assertThat(textOf(answers, 1, AgentFrame.STDOUT)).isEqualTo("out\n");
            assertThat(textOf(answers, 1, AgentFrame.STDERR)).isEqualTo("err\n");
            assertThat(answers).filteredOn(frame -> frame.type() == AgentFrame.EXIT).singleElement()
                    .satisfies(exit -> assertThat(ByteBuffer.wrap(exit.payload()).getInt()).isEqualTo(3));

            // The first host went away; the agent accepts the next one.
            List<AgentFrame> again = exchange(vm, agent, List.of(new AgentFrame(0, AgentFrame.PING, new byte[0])));
            assertThat(again).extracting(AgentFrame::type).containsExactly(AgentFrame.PONG);
        }
    }

    @Test
    void aTemplateThatAnsweredOverSshMakesClonesThatDoToo() {
        Ignite ignite = TestEngine.openWithDefaults();
        VmSpec spec = VmSpec.builder(Ignite.DEFAULT_IMAGE, Ignite.DEFAULT_KERNEL).addKernelArg("quiet")
                .addKernelArg("ignite.agent=vsock:1024").setBootTimeout(Duration.ofSeconds(120)).build();
        try (Vm clone = ignite.launch(spec, LaunchOptions.builder().setBoot(BootMode.CLONE).build())) {
            assertThat(ignite.vms().snapshots().get(clone.record().snapshotId()).sshOnly()).isTrue();
            assertThat(clone.execOrFail("hostname").stdout().strip()).as("its own identity, taken over SSH").isEqualTo(clone.hostname());
        }
    }

    /**
     * Sends the frames to the agent's vsock port from inside the guest and returns every frame it
     * answered within two seconds (then the connection is closed).
     */
    private static List<AgentFrame> exchange(Vm vm, String agentPid, List<AgentFrame> frames) throws IOException {
        StringBuilder escaped = new StringBuilder();
        for (AgentFrame frame : frames) {
            ByteBuffer bytes = frame.encode();
            while (bytes.hasRemaining()) {
                escaped.append(String.format("\\%03o", bytes.get() & 0xff));
            }
        }
        String hex = vm.execOrFail("(printf '" + escaped + "'; sleep 2) | /proc/" + agentPid
                + "/exe --connect 1:1024 | od -An -v -tx1").stdout();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        for (String token : hex.trim().split("\\s+")) {
            if (!token.isEmpty()) {
                received.write(Integer.parseInt(token, 16));
            }
        }
        ReadableByteChannel channel = Channels.newChannel(new ByteArrayInputStream(received.toByteArray()));
        List<AgentFrame> answers = new ArrayList<>();
        try {
            while (true) {
                answers.add(AgentFrame.read(channel));
            }
        } catch (EOFException end) {
            return answers;
        }
    }

    private static String textOf(List<AgentFrame> frames, int stream, int type) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        frames.stream().filter(f -> f.stream() == stream && f.type() == type).forEach(f -> text.writeBytes(f.payload()));
        return text.toString(StandardCharsets.UTF_8);
    }

}
