package dev.ignite.engine.cli;

import dev.ignite.engine.image.Image;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.util.concurrent.Callable;

@Command(name = "images", description = {"List imported images.",
        "--format fields: {{.ID}} {{.Name}} {{.Size}} {{.Created}} {{.Digest}} {{.Source}}."})
final class ImagesCommand implements Callable<Integer> {
    static final Listing<Image> LISTING = new Listing<Image>("ID")
            .column("ID", "IMAGE ID", Image::id)
            .column("Name", "NAME", image -> image.name() == null ? "<none>" : image.name())
            .column("Size", "SIZE", image -> Sizes.human(image.contentBytes()))
            .column("Created", "CREATED", image -> Ago.since(image.created(), Instant.now()))
            .field("Digest", "DIGEST", Image::digest)
            .field("Source", "SOURCE", Image::source);

    @Spec
    CommandSpec spec;

    @Mixin
    ListOptions list;

    @Override
    public Integer call() {
        LISTING.print(spec.commandLine().getOut(), Engine.open().images().list(), list);
        return 0;
    }
}
