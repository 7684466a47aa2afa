package dev.caravan.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The folder under which the embedded servers keep their data ({@code caravan.data-dir}, default {@code ./data}).
 * With {@code caravan.embedded.ephemeral=true} it is a fresh temporary folder, deleted when the hub stops: for
 * tests and throwaway runs.
 */
@Component
public class DataDirectory implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);

    private final Path root;
    private final boolean ephemeral;

    public DataDirectory(@Value("${caravan.data-dir}") String dataDir,
                         @Value("${caravan.embedded.ephemeral:false}") boolean ephemeral) {
        this.ephemeral = ephemeral;
        try {
            this.root = ephemeral
                    ? Files.createTempDirectory("caravan-")
                    : Files.createDirectories(Path.of(dataDir)).toAbsolutePath().normalize();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + dataDir, e);
        }
    }

    /** A sub-folder for one server, created if absent. */
    public Path resolve(String name) {
        try {
            return Files.createDirectories(root.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + root.resolve(name), e);
        }
    }

    public Path root() {
        return root;
    }

    public boolean isEphemeral() {
        return ephemeral;
    }

    @Override
    public void close() {
        if (!ephemeral) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete the temporary data folder {}: {}", root, e.getMessage());
        }
    }
}
