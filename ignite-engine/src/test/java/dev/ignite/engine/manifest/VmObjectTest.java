package dev.ignite.engine.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.vm.FileCopy;
import dev.ignite.engine.vm.PortMapping;
import dev.ignite.engine.vm.VmRecord;
import dev.ignite.engine.vm.VmSpec;
import dev.ignite.engine.vm.VmState;
import dev.ignite.engine.vm.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VmObjectTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMv7 someone@example";

    @TempDir
    Path tmp;

    /** The upstream docs' own my-vm.yaml, as Ignite users keep it in git. */
    @Test
    void readsIgnitesExampleManifest() throws IOException {
        Path file = tmp.resolve("my-vm.yaml");
        Files.writeString(file, """
                apiVersion: ignite.weave.works/v1alpha4
                kind: VM
                metadata:
                  name: my-vm
                  uid: 599615df99804ae8
                spec:
                  image:
                    oci: weaveworks/ignite-ubuntu
                  cpus: 2
                  diskSize: 3GB
                  memory: 800MB
                  ssh: true
                status:
                  running: true
                """);
        List<JsonNode> vms = ApiObjects.ofKind(file, "VM");
        VmObject vm = VmObject.read(vms.get(0), IgniteConfiguration.DEFAULTS, tmp);
        assertThat(vm.name()).isEqualTo("my-vm");
        assertThat(vm.uid()).isEqualTo("599615df99804ae8");
        assertThat(vm.running()).isTrue();
        assertThat(vm.spec().image()).isEqualTo("weaveworks/ignite-ubuntu");
        assertThat(vm.spec().kernel()).isEqualTo(IgniteConfiguration.DEFAULTS.kernel());
        assertThat(vm.spec().cpus()).isEqualTo(2);
        assertThat(vm.spec().memoryMib()).isEqualTo(800);
        assertThat(vm.spec().diskSizeMib()).isEqualTo(3072);
        assertThat(vm.spec().authorizedKeys()).isEmpty();
    }

    @Test
    void describeWritesWhatReadReadsBack() throws IOException {
        Path disk = Files.createFile(tmp.resolve("data.ext4"));
        VmSpec spec = VmSpec.builder("oci-archive:/tmp/app.tar", "ignite/debian-cloud").setName("web").setCpus(2)
                .setMemoryMib(512).setDiskSizeMib(2048).addKernelArg("loglevel=7").addKernelArg("ignite.x=1")
                .addPort(PortMapping.parse("127.0.0.1:8080:80")).addPort(PortMapping.parse("5353:53/udp"))
                .putEnv("GREETING", "hello").putLabel("team", "web").addCopyFile(new FileCopy(tmp, "/srv"))
                .addVolume(new Volume(disk, "/data", false)).addAuthorizedKey(KEY).setNetwork("lab").build();
        VmRecord record = new VmRecord("VM", "ignite.dev/v1alpha1", "0123456789abcdef", "web", "img", "krn", spec,
                VmState.STOPPED, null, null, null, 0, null, Instant.now(), tmp);

        String yaml = YAML.writeValueAsString(VmObject.describe(record, false, List.of(), IgniteConfiguration.DEFAULTS));
        assertThat(yaml).contains("apiVersion: \"ignite.weave.works/v1alpha4\"", "kind: \"VM\"", "memory: \"512MB\"",
                "diskSize: \"2GB\"", "cmdLine: \"loglevel=7 ignite.x=1\"", "vmPort: 53", "protocol: \"udp\"");
        Path file = tmp.resolve("web.yaml");
        Files.writeString(file, yaml);
        VmObject back = VmObject.read(ApiObjects.ofKind(file, "VM").get(0), IgniteConfiguration.DEFAULTS, tmp);
        assertThat(back.running()).isFalse();
        assertThat(back.uid()).isEqualTo("0123456789abcdef");
        assertThat(back.spec()).isEqualTo(spec);
    }

    @Test
    void sshPathAuthorizesThePublicKeyInTheFile() throws IOException {
        Files.writeString(tmp.resolve("me.pub"), KEY + "\n");
        assertThat(VmObject.publicKey("me.pub", tmp)).isEqualTo(KEY);
        Files.writeString(tmp.resolve("me"), "-----BEGIN OPENSSH PRIVATE KEY-----\n");
        assertThatThrownBy(() -> VmObject.publicKey("me", tmp)).isInstanceOf(IgniteException.class)
                .hasMessageContaining("is not an OpenSSH public key").hasMessageContaining("give the .pub file");
    }

    @Test
    void aVmWithoutAnImageIsRefusedByName() throws IOException {
        Path file = tmp.resolve("bad.json");
        Files.writeString(file, "{\"apiVersion\":\"ignite.weave.works/v1alpha4\",\"kind\":\"VM\","
                + "\"metadata\":{\"name\":\"no-image\"},\"spec\":{\"cpus\":1}}");
        JsonNode object = ApiObjects.ofKind(file, "VM").get(0);
        assertThatThrownBy(() -> VmObject.read(object, IgniteConfiguration.DEFAULTS, tmp))
                .hasMessage("VM no-image needs spec.image.oci (an image name, registry reference or archive)");
    }

    @Test
    void configurationFillsWhatTheManifestLeavesOut() throws IOException {
        Path config = tmp.resolve("config.yaml");
        Files.writeString(config, """
                apiVersion: ignite.weave.works/v1alpha4
                kind: Configuration
                metadata:
                  name: test-config
                spec:
                  runtime: containerd
                  networkPlugin: lab
                  idPrefix: mine
                  vmDefaults:
                    memory: 1GB
                    diskSize: 3GB
                    cpus: 2
                    kernel:
                      oci: my/kernel
                      cmdLine: loglevel=3
                """);
        IgniteConfiguration configuration = IgniteConfiguration.read(config);
        assertThat(configuration).isEqualTo(new IgniteConfiguration(config.toString(), "my/kernel", "loglevel=3", 2,
                1024, 3072, "lab", "mine"));
        Path vmFile = tmp.resolve("vm.yaml");
        Files.writeString(vmFile, "kind: VM\nmetadata: {name: a}\nspec: {image: {oci: ignite/tiny}, cpus: 1}\n");
        VmSpec spec = VmObject.read(ApiObjects.ofKind(vmFile, "VM").get(0), configuration, tmp).spec();
        assertThat(spec.kernel()).isEqualTo("my/kernel");
        assertThat(spec.cpus()).isEqualTo(1);
        assertThat(spec.memoryMib()).isEqualTo(1024);
        assertThat(spec.kernelArgs()).containsExactly("loglevel=3");
        assertThat(spec.network()).isEqualTo("vde:lab");
    }

    @Test
    void aConfigurationFileWithoutAConfigurationSaysWhatItNeeds() throws IOException {
        Path config = Files.writeString(tmp.resolve("c.yaml"), "kind: VM\n");
        assertThatThrownBy(() -> IgniteConfiguration.read(config)).hasMessageContaining("holds no object of kind"
                + " Configuration");
        assertThatThrownBy(() -> IgniteConfiguration.load(tmp.resolve("missing.yaml")))
                .hasMessageContaining("does not exist");
    }
}
