package dev.caravan.component.modbus.map;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The profiles of a folder ({@code adapters/modbus/}): {@code <id>.yaml} is profile {@code <id>}. A profile is read
 * when first used and kept; a broken one fails with the file, the point and the field in the message.
 */
public final class RegisterMaps {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path folder;
    private final Map<String, RegisterMap> loaded = new ConcurrentHashMap<>();

    public RegisterMaps(Path folder) {
        this.folder = folder;
    }

    public RegisterMap get(String id) {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("profile '" + id + "': a file name of " + folder + " without .yaml");
        }
        return loaded.computeIfAbsent(id, this::load);
    }

    private RegisterMap load(String id) {
        Path file = folder.resolve(id + ".yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("profile '" + id + "': no file " + file.toAbsolutePath());
        }
        try (InputStream in = Files.newInputStream(file)) {
            return parse(id, file.toString(), in);
        } catch (IOException e) {
            throw new UncheckedIOException("profile '" + id + "': cannot read " + file, e);
        }
    }

    /** Reads one profile; {@code source} names it in error messages. */
    public static RegisterMap parse(String id, String source, InputStream yaml) throws IOException {
        JsonNode root = YAML.readTree(yaml);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": not a register map (a YAML object with points)");
        }
        try {
            return RegisterMapParser.parse(id, root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }
}
