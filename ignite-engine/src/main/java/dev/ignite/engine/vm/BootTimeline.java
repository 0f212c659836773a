package dev.ignite.engine.vm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a cold boot's time went, read from the serial log: the guest's own clock at the kernel's
 * hand-over to our initramfs, at each of our init's steps and at the switch to the image's init.
 * (The guest clock starts when the kernel does, about a second after QEMU under TCG.)
 */
public record BootTimeline(List<Step> steps) {
    private static final Pattern KERNEL_INIT = Pattern.compile("^\\[\\s*([0-9.]+)\\] Run /init as init process",
            Pattern.MULTILINE);
    private static final Pattern INIT_STEP = Pattern.compile("^ignite-init: (.*) \\[([0-9.]+)s\\]\\s*$",
            Pattern.MULTILINE);

    public record Step(String what, double guestSeconds) {
    }

    public BootTimeline {
        steps = List.copyOf(steps);
    }

    /** The guest-side steps of a cold boot, from its serial log ({@code Vm.serialLog().text()}). */
    public static BootTimeline parse(String serialLog) {
        String log = serialLog.replace("\r", "");
        List<Step> steps = new ArrayList<>();
        Matcher kernel = KERNEL_INIT.matcher(log);
        if (kernel.find()) {
            steps.add(new Step("kernel ran our /init", Double.parseDouble(kernel.group(1))));
        }
        Matcher init = INIT_STEP.matcher(log);
        while (init.find()) {
            steps.add(new Step(init.group(1), Double.parseDouble(init.group(2))));
        }
        return new BootTimeline(steps);
    }

    /** One line per step: guest uptime and the time since the step before. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        double previous = 0;
        for (Step step : steps) {
            out.append(String.format(Locale.ROOT, "  guest %6.2f s (+%.2f s)  %s%n", step.guestSeconds(),
                    step.guestSeconds() - previous, step.what()));
            previous = step.guestSeconds();
        }
        return out.toString();
    }
}
