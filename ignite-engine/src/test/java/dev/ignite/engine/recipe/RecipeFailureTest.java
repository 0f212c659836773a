package dev.ignite.engine.recipe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecipeFailureTest {
    @Test
    void theScriptsVerdictComesFirstAndItsLogTailAfter() {
        String stderr = "make: Entering directory '/tmp/linux'\nscripts/Kconfig.include:40: C compiler 'x-gcc' not found\n"
                + "kernels/microvm/build.sh: make tinyconfig failed (see the end of its log)\n";

        assertThat(Recipe.failureMessage("kernels/microvm", 1, stderr)).isEqualTo(
                "recipe kernels/microvm failed (exit 1): kernels/microvm/build.sh: make tinyconfig failed (see the end of its log)\n"
                        + "its output before that:\n"
                        + "make: Entering directory '/tmp/linux'\nscripts/Kconfig.include:40: C compiler 'x-gcc' not found");
    }

    @Test
    void aOneLineOrSilentFailureStaysOneLine() {
        assertThat(Recipe.failureMessage("kernels/microvm", 1, "build.sh: missing build dependencies: apt-get install flex\n"))
                .isEqualTo("recipe kernels/microvm failed (exit 1): build.sh: missing build dependencies: apt-get install flex");
        assertThat(Recipe.failureMessage("images/tiny", 137, ""))
                .isEqualTo("recipe images/tiny failed (exit 137): it printed nothing on stderr");
    }
}
