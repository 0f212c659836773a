package dev.ignite.engine.host;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Every setting has one precedence: system property, then environment variable, then the default. */
class SettingTest {
    @Test
    void thePropertyWinsOverTheEnvironmentAndBlankMeansUnset() {
        assertThat(Setting.resolve("/from/property", "/from/env")).hasValue("/from/property");
        assertThat(Setting.resolve(null, "/from/env")).hasValue("/from/env");
        assertThat(Setting.resolve("  ", " tcg ")).hasValue("tcg");
        assertThat(Setting.resolve(null, "")).isEqualTo(Optional.empty());
    }

    @Test
    void eachSettingIsNamedTheSameWayAsAPropertyAndAsAVariable() {
        for (Setting setting : Setting.values()) {
            assertThat(setting.environmentVariable()).isEqualTo(setting.property().replace('.', '_').toUpperCase());
        }
    }

    @Test
    void theStoreFollowsThatPrecedence() {
        String before = System.getProperty(Setting.HOME.property());
        try {
            System.setProperty(Setting.HOME.property(), "/tmp/ignite-setting-test-store");
            assertThat(Setting.HOME.value()).hasValue("/tmp/ignite-setting-test-store");
            assertThat(Setting.HOME.source()).isEqualTo("system property ignite.home");
        } finally {
            if (before == null) {
                System.clearProperty(Setting.HOME.property());
            } else {
                System.setProperty(Setting.HOME.property(), before);
            }
        }
    }
}
