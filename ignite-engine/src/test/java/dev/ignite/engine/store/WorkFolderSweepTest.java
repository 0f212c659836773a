package dev.ignite.engine.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Staging work of a process killed halfway (an import under {@code kill -9}) is removed when the
 * store is next opened; the staging folder of a process that still runs is kept.
 */
class WorkFolderSweepTest {
    @TempDir
    Path root;

    @Test
    void theWorkOfAKilledProcessIsSweptAndThatOfALiveOneKept() throws Exception {
        Process killed = stage();
        Process live = stage();
        try {
            Path killedWork = workOf(killed);
            Path liveWork = workOf(live);
            assertThat(killedWork.getParent().getParent()).isEqualTo(root.resolve("tmp"));
            killed.destroyForcibly().waitFor(); // kill -9: it never cleans up

            IgniteHome.at(root);
            assertThat(killedWork.getParent()).as("the killed process's staging folder").doesNotExist();
            assertThat(liveWork).as("the live process's work").exists();
            assertThat(IgniteHome.at(root).tmp()).as("this process's own, made anew").isEmptyDirectory();

            live.destroyForcibly().waitFor();
            IgniteHome.at(root);
            assertThat(liveWork.getParent()).doesNotExist();
        } finally {
            killed.destroyForcibly();
            live.destroyForcibly();
        }
    }

    /** Another JVM that opens the store, stages a half-done import and waits to be killed. */
    private Process stage() throws Exception {
        return new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StagingProcess.class.getName(), root.toString()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static Path workOf(Process process) throws Exception {
        String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        assertThat(line).as("the staging process's work folder").isNotNull();
        Path work = Path.of(line);
        assertThat(work.resolve("layer.tar.partial")).exists();
        return work;
    }

    /** Stages work in the store and stays alive until killed. */
    public static final class StagingProcess {
        public static void main(String[] args) throws Exception {
            IgniteHome home = IgniteHome.at(Path.of(args[0]));
            Path work = Files.createTempDirectory(home.tmp(), "import-");
            Files.writeString(work.resolve("layer.tar.partial"), "half a layer");
            System.out.println(work);
            System.out.flush();
            TimeUnit.MINUTES.sleep(5);
        }
    }
}
