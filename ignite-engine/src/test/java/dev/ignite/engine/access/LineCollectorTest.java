package dev.ignite.engine.access;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LineCollectorTest {
    @Test
    void emitsEachCompleteLineAsItArrivesAndKeepsTheRawText() throws Exception {
        List<String> lines = new ArrayList<>();
        LineCollector collector = LineCollector.feeding(lines::add);
        feed(collector, "fir");
        assertThat(lines).isEmpty();
        feed(collector, "st\r\nsecond\n\nthi");
        assertThat(lines).containsExactly("first", "second", "");
        feed(collector, "rd");
        collector.finish();
        assertThat(lines).containsExactly("first", "second", "", "third");
        assertThat(collector.text().get()).isEqualTo("first\r\nsecond\n\nthird");
    }

    @Test
    void aFailingSinkDoesNotStopReadingAndItsFirstFailureIsKept() throws Exception {
        RuntimeException boom = new IllegalStateException("boom");
        LineCollector collector = LineCollector.start(
                new ByteArrayInputStream("a\nb\n".getBytes(StandardCharsets.UTF_8)), line -> {
                    throw boom;
                }, "test-reader");
        assertThat(collector.text().get(5, TimeUnit.SECONDS)).isEqualTo("a\nb\n");
        assertThat(collector.sinkFailure()).isSameAs(boom);
    }

    private static void feed(LineCollector collector, String text) {
        collector.accept(text.toCharArray(), text.length());
    }
}
