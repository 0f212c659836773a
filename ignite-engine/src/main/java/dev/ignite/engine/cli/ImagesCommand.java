package dev.ignite.engine.cli;

import dev.ignite.engine.image.Image;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "images", description = "List imported images.")
final class ImagesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.printf("%-14s %-28s %10s  %s%n", "IMAGE ID", "NAME", "SIZE", "CREATED");
        for (Image image : Engine.open().images().list()) {
            System.out.printf("%-14s %-28s %10s  %s%n", image.id(), image.name() == null ? "<none>" : image.name(),
                    Sizes.human(image.contentBytes()), image.created());
        }
        return 0;
    }
}
