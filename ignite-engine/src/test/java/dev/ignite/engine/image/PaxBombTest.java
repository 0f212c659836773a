package dev.ignite.engine.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A layer whose one PAX record is 400 MiB, applied in a JVM with a 256 MiB heap: it must be refused
 * with an error, not end in OutOfMemoryError. The record is generated as it is read, never held.
 */
class PaxBombTest {
    private static final long RECORD = 400L << 20;

    @TempDir
    Path tmp;

    @Test
    void paxBombFailsCleanlyInA256MibHeap() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path output = tmp.resolve("output.txt");
        Process jvm = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                Bomb.class.getName(), Files.createDirectories(tmp.resolve("root")).toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean done = jvm.waitFor(5, TimeUnit.MINUTES);
        if (!done) {
            jvm.destroyForcibly().waitFor();
        }
        String printed = Files.readString(output);

        assertThat(done).as("the bomb's JVM finished").isTrue();
        assertThat(printed).doesNotContain("OutOfMemoryError");
        assertThat(jvm.exitValue()).as(printed).isZero();
        assertThat(printed).contains("refused: unsafe layer entry './PaxHeaders/bomb': its x header holds 419,430,400 bytes");
    }

    /** Runs in the forked JVM: applies the bomb and prints how it was refused. */
    public static final class Bomb {
        public static void main(String[] args) throws IOException {
            byte[] head = RawTar.header("./PaxHeaders/bomb", 'x', RECORD);
            String prefix = RECORD + " comment=";
            long valueLength = RECORD - prefix.length() - 1;
            InputStream layer = new SequenceInputStream(java.util.Collections.enumeration(List.of(
                    new ByteArrayInputStream(head),
                    new ByteArrayInputStream(prefix.getBytes(StandardCharsets.US_ASCII)),
                    new Repeating((byte) 'a', valueLength),
                    new ByteArrayInputStream(new byte[]{'\n'}),
                    new ByteArrayInputStream(new RawTar().entry("after", '0', new byte[0]).end()))));
            try {
                new LayerApplier(Path.of(args[0]), false).apply(layer, "sha256:bomb");
                System.out.println("applied: the bomb was not refused");
                System.exit(2);
            } catch (UnsafeLayerException e) {
                System.out.println("refused: " + e.getMessage());
            }
        }
    }

    /** {@code length} copies of one byte, made as they are read. */
    private static final class Repeating extends InputStream {
        private final byte value;
        private long left;

        Repeating(byte value, long length) {
            this.value = value;
            this.left = length;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(length, left);
            java.util.Arrays.fill(buffer, offset, offset + n, value);
            left -= n;
            return n;
        }
    }
}
