package dev.ignite.engine.vm;

import java.time.Duration;
import java.util.regex.Pattern;

/** Ready when {@code times} lines of the serial console (since boot) match the regex, as Testcontainers' forLogMessage. */
record LogWait(String regex, int times, Duration startupTimeout) implements WaitStrategy {
    @Override
    public String description() {
        return "console line matching /" + regex + "/" + (times == 1 ? "" : " " + times + " times");
    }

    @Override
    public WaitStrategy withStartupTimeout(Duration timeout) {
        return new LogWait(regex, times, Wait.positive(timeout));
    }

    @Override
    public WaitObservation check(Vm vm) {
        Pattern pattern = Pattern.compile(regex);
        long count = vm.serialLog().text().lines().filter(line -> pattern.matcher(line).find()).count();
        return count >= times ? WaitObservation.ready(count + " matching lines")
                : WaitObservation.notYet(count + " of " + times + " matching lines; console tail:\n"
                + vm.serialLog().tail(5));
    }
}
