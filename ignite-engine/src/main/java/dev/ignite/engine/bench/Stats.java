package dev.ignite.engine.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One measured quantity over several runs: median, p95, min, max (nearest-rank percentiles). */
public record Stats(String name, String unit, List<Double> samples) {
    public Stats {
        samples = List.copyOf(samples);
    }

    public double median() {
        return percentile(50);
    }

    public double p95() {
        return percentile(95);
    }

    public double min() {
        return sorted().get(0);
    }

    public double max() {
        return sorted().get(samples.size() - 1);
    }

    public double percentile(int p) {
        List<Double> sorted = sorted();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private List<Double> sorted() {
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        return sorted;
    }
}
