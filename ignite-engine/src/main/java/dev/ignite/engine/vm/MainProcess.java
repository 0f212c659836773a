package dev.ignite.engine.vm;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.image.Image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An image's main process as Docker runs it: ENTRYPOINT followed by CMD, with the image's
 * environment. Our init (the guest agent as PID 1) starts it when the image has no init of its
 * own; it goes on the config drive as {@code main} and {@code main.env}, NUL-separated strings.
 */
record MainProcess(List<String> argv, List<String> env) {
    MainProcess {
        argv = List.copyOf(argv);
        env = List.copyOf(env);
    }

    static MainProcess of(Image image) {
        List<String> argv = new ArrayList<>(image.entrypoint());
        argv.addAll(image.cmd());
        return new MainProcess(argv, image.env());
    }

    void write(Path configTree) throws IOException {
        if (!argv.isEmpty()) {
            Files.write(configTree.resolve("main"), nulSeparated(argv));
        }
        if (!env.isEmpty()) {
            Files.write(configTree.resolve("main.env"), nulSeparated(env));
        }
    }

    static byte[] nulSeparated(List<String> strings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String s : strings) {
            if (s.indexOf('\0') >= 0) {
                throw new IgniteException("the image's command or environment holds a NUL character: " + s);
            }
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }
}
