package dev.ignite.engine.vmm.firecracker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The validator the fake server relies on accepts what the description allows and rejects the rest. */
class FirecrackerSwaggerValidatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SwaggerRequestValidator validator = SwaggerRequestValidator.firecracker();

    @Test
    void readsTheApiDescriptionThisBackendWasWrittenAgainst() {
        assertThat(validator.version()).isEqualTo("1.17.0-dev");
    }

    @Test
    void acceptsConformingRequests() {
        assertThat(validator.validate("PUT", "/machine-config", json("{\"vcpu_count\":2,\"mem_size_mib\":256}")))
                .isEmpty();
        assertThat(validator.validate("PUT", "/drives/root", json(
                "{\"drive_id\":\"root\",\"path_on_host\":\"/r.img\",\"is_root_device\":true,\"is_read_only\":false}")))
                .isEmpty();
        assertThat(validator.validate("PUT", "/snapshot/load", json("{\"snapshot_path\":\"/s\","
                + "\"mem_backend\":{\"backend_path\":\"/m\",\"backend_type\":\"File\"},\"resume_vm\":true}")))
                .isEmpty();
        assertThat(validator.validate("GET", "/", null)).isEmpty();
    }

    @Test
    void rejectsAMissingRequiredProperty() {
        assertThat(validator.validate("PUT", "/boot-source", json("{\"boot_args\":\"console=ttyS0\"}")))
                .containsExactly("body lacks required property kernel_image_path");
    }

    @Test
    void rejectsAValueOutsideTheEnum() {
        assertThat(validator.validate("PUT", "/actions", json("{\"action_type\":\"Reboot\"}")))
                .containsExactly("body.action_type must be one of [\"FlushMetrics\",\"InstanceStart\","
                        + "\"SendCtrlAltDel\"] but was: \"Reboot\"");
        assertThat(validator.validate("PATCH", "/vm", json("{\"state\":\"Stopped\"}"))).hasSize(1);
    }

    @Test
    void followsReferencesIntoNestedDefinitions() {
        assertThat(validator.validate("PUT", "/snapshot/load", json(
                "{\"snapshot_path\":\"/s\",\"mem_backend\":{\"backend_path\":\"/m\",\"backend_type\":\"Memory\"}}")))
                .containsExactly("body.mem_backend.backend_type must be one of [\"File\",\"Uffd\"] but was: \"Memory\"");
        assertThat(validator.validate("PUT", "/snapshot/load", json(
                "{\"snapshot_path\":\"/s\",\"mem_backend\":{\"backend_path\":\"/m\"}}")))
                .containsExactly("body.mem_backend lacks required property backend_type");
    }

    @Test
    void rejectsWrongTypesBoundsAndUnknownProperties() {
        assertThat(validator.validate("PUT", "/machine-config", json("{\"vcpu_count\":\"2\",\"mem_size_mib\":256}")))
                .containsExactly("body.vcpu_count must be of type integer but was: \"2\"");
        assertThat(validator.validate("PUT", "/machine-config", json("{\"vcpu_count\":0,\"mem_size_mib\":256}")))
                .containsExactly("body.vcpu_count must be at least 1 but was: 0");
        assertThat(validator.validate("PUT", "/boot-source", json("{\"kernel_image_path\":\"/k\",\"kernel_args\":\"\"}")))
                .containsExactly("body has unknown property kernel_args");
    }

    @Test
    void rejectsUnknownPathsMethodsAndMisplacedBodies() {
        assertThat(validator.validate("PUT", "/reboot", json("{}")))
                .containsExactly("no path in the API description matches /reboot");
        assertThat(validator.validate("DELETE", "/drives/root", null))
                .containsExactly("no DELETE operation on /drives/{drive_id}");
        assertThat(validator.validate("PUT", "/actions", null)).containsExactly("the request needs a body");
        assertThat(validator.validate("GET", "/", json("{}"))).containsExactly("the request takes no body but got {}");
        assertThat(validator.validate("PUT", "/drives/", json("{\"drive_id\":\"\",\"is_root_device\":true}")))
                .containsExactly("path parameter drive_id is empty");
    }

    @Test
    void theFakeServersOwnInstanceInfoConforms() {
        assertThat(validator.validateDefinition("InstanceInfo", FakeFirecrackerServer.instanceInfo())).isEmpty();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
