package dev.caravan.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The site's routes folder ({@code caravan.routes.dir}), scanned when Camel starts; a missing one would stop the hub,
 * so it is created empty.
 */
@Component
public class RoutesFolder {

    private static final Logger LOG = LoggerFactory.getLogger(RoutesFolder.class);

    public RoutesFolder(@Value("${caravan.routes.dir}") String dir) throws IOException {
        Path path = Path.of(dir);
        if (!Files.isDirectory(path)) {
            Files.createDirectories(path);
            LOG.info("Created the empty routes folder {} (caravan.routes.dir)", path.toAbsolutePath());
        }
    }
}
