package dev.ignite.engine.oci;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.store.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Pulls an image from a registry into an OCI archive with jib-core, which has no public way to
 * fetch layers alone: the image is "built" unchanged from the registry image into a tar. Jib picks
 * linux/amd64 from a multi-arch index and keeps pulled layers in a cache, so a second pull of the
 * same image fetches only its manifest.
 */
final class RegistryPuller {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryPuller.class);

    private RegistryPuller() {
    }

    static void pull(String reference, RegistryAccess access, Path output) {
        if (access.allowInsecure()) {
            // Jib reads this JVM-wide switch: without it a login is never sent to a plain-HTTP registry.
            System.setProperty("sendCredentialsOverHttp", "true");
        }
        try {
            var jibReference = com.google.cloud.tools.jib.api.ImageReference.parse(reference);
            Consumer<LogEvent> log = event -> LOG.debug("jib: {}", event.getMessage());
            var credentials = CredentialRetrieverFactory.forImage(jibReference, log);
            RegistryImage image = RegistryImage.named(jibReference)
                    .addCredentialRetriever(credentials.dockerConfig(access.dockerConfigFile()));
            Containerizer to = Containerizer.to(TarImage.at(output).named(jibReference))
                    .setAllowInsecureRegistries(access.allowInsecure())
                    .setBaseImageLayersCache(access.layerCache())
                    .setApplicationLayersCache(access.layerCache().resolve("application"))
                    .setToolName("ignite");
            // Jib makes its cache folders with the JVM's umask: made private first, mended after.
            PrivateFiles.createDirectories(access.layerCache().resolve("application"));
            try {
                Jib.from(image).setFormat(ImageFormat.OCI).containerize(to);
            } finally {
                PrivateFiles.restrict(access.layerCache());
            }
        } catch (InvalidImageReferenceException e) {
            throw new IgniteException("'" + reference + "' is not a valid registry reference: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IgniteException("pulling " + reference + " failed: " + cause.getMessage() + hint(cause), cause);
        } catch (IOException | CacheDirectoryCreationException | RegistryException e) {
            throw new IgniteException("pulling " + reference + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IgniteException("interrupted while pulling " + reference, e);
        }
    }

    private static String hint(Throwable cause) {
        String text = String.valueOf(cause.getMessage()) + cause.getClass().getSimpleName();
        if (text.contains("Insecure") || text.contains("SSL") || text.contains("https")) {
            return " (a plain-HTTP registry needs --insecure)";
        }
        if (text.contains("Unauthorized") || text.contains("401") || text.contains("403")) {
            return " (log in with `docker login` or `skopeo login --authfile ~/.docker/config.json`)";
        }
        return "";
    }
}
