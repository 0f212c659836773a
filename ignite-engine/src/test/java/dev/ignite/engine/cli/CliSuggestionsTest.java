package dev.ignite.engine.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CliSuggestionsTest {
    @Test
    void closestWordsBySwapsTyposAndMissingLetters() {
        assertThat(Suggestions.closest("--nmae", List.of("--name", "--network", "--memory"))).containsExactly("--name");
        assertThat(Suggestions.closest("--al", List.of("--all", "--filter"))).containsExactly("--all");
        assertThat(Suggestions.closest("rn", List.of("run", "rm", "ps"))).containsExactly("rm", "run");
        assertThat(Suggestions.closest("imgaes", List.of("images", "kernels"))).containsExactly("images");
        assertThat(Suggestions.closest("zzzzzz", List.of("images", "kernels"))).isEmpty();
    }

    @Test
    void unknownCommandSuggestsTheClosest() {
        CliRun run = CliRun.of("imgaes");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("ignite: unknown command 'imgaes' (did you mean images or image?); see `ignite --help`\n");
    }

    @Test
    void unknownNestedCommandSuggestsTheClosest() {
        CliRun run = CliRun.of("network", "lss");
        assertThat(run.err()).isEqualTo("ignite: unknown command 'lss' (did you mean ls?); see `ignite network --help`\n");
    }

    @Test
    void unknownOptionSuggestsTheClosestOfThatCommand() {
        CliRun run = CliRun.of("ps", "--al");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("ignite: unknown option '--al' for `ignite ps` (did you mean --all?);"
                + " see `ignite ps --help`\n");
    }

    @Test
    void mistypedRunOptionIsNotTakenForTheGuestCommand() {
        CliRun before = CliRun.of("run", "--nmae", "web", "ignite/tiny", "ignite/debian-cloud");
        assertThat(before.exitCode()).as(before.toString()).isEqualTo(2);
        assertThat(before.err()).isEqualTo("ignite: unknown option '--nmae' for `ignite run` (did you mean --name?);"
                + " see `ignite run --help`\n");
        CliRun after = CliRun.of("run", "ignite/tiny", "ignite/debian-cloud", "--memroy", "1G");
        assertThat(after.err()).startsWith("ignite: unknown option '--memroy' for `ignite run` (did you mean --memory?)");
    }

    @Test
    void noSuggestionWhenNothingIsClose() {
        CliRun run = CliRun.of("kernels", "--xyzzy");
        assertThat(run.err()).isEqualTo("ignite: unknown option '--xyzzy' for `ignite kernels`; see `ignite kernels --help`\n");
    }
}
