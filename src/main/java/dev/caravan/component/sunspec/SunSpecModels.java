package dev.caravan.component.sunspec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The model definitions a hub knows, by model id: those shipped in the jar ({@code sunspec/models/} on the class
 * path, copied there from {@code adapters/sunspec/models} by the build), then the {@code model_<id>.json} files of a
 * folder (by default {@code adapters/sunspec/models}), which add models or replace shipped ones, so that a user can
 * drop in official definitions.
 */
public final class SunSpecModels {

    public static final String CLASSPATH_FOLDER = "sunspec/models/";
    public static final Path DEFAULT_FOLDER = Path.of("adapters", "sunspec", "models");
    private static final Pattern FILE_NAME = Pattern.compile("model_(\\d+)\\.json");

    private final Map<Integer, ModelDefinition> models;
    private final Map<Integer, String> origins;

    private SunSpecModels(Map<Integer, ModelDefinition> models, Map<Integer, String> origins) {
        this.models = Collections.unmodifiableMap(models);
        this.origins = Collections.unmodifiableMap(origins);
    }

    /** The shipped definitions, then those of the folder (if it exists). */
    public static SunSpecModels load(Path folder) {
        Builder builder = new Builder();
        builder.addClasspath();
        if (folder != null && Files.isDirectory(folder)) {
            builder.addFolder(folder);
        }
        return builder.build();
    }

    /** Only the definitions of a folder: for tests and tools. */
    public static SunSpecModels fromFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("no folder of SunSpec model definitions at " + folder.toAbsolutePath());
        }
        Builder builder = new Builder();
        builder.addFolder(folder);
        return builder.build();
    }

    public Optional<ModelDefinition> find(int id) {
        return Optional.ofNullable(models.get(id));
    }

    public ModelDefinition get(int id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("no definition of SunSpec model " + id
                + "; known: " + ids()));
    }

    public SortedSet<Integer> ids() {
        return new TreeSet<>(models.keySet());
    }

    /** Where the definition in use for a model came from (a file or class path resource). */
    public String origin(int id) {
        return origins.get(id);
    }

    private static final class Builder {

        private final Map<Integer, ModelDefinition> models = new TreeMap<>();
        private final Map<Integer, String> origins = new TreeMap<>();

        void addClasspath() {
            try {
                Resource[] resources = new PathMatchingResourcePatternResolver(SunSpecModels.class.getClassLoader())
                        .getResources("classpath*:" + CLASSPATH_FOLDER + "model_*.json");
                for (Resource resource : resources) {
                    try (InputStream in = resource.getInputStream()) {
                        add(resource.getFilename(), in, "classpath:" + CLASSPATH_FOLDER + resource.getFilename());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the shipped SunSpec model definitions", e);
            }
        }

        void addFolder(Path folder) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.sorted().toList()) {
                    try (InputStream in = Files.newInputStream(file)) {
                        add(file.getFileName().toString(), in, file.toString());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the SunSpec model definitions in " + folder, e);
            }
        }

        private void add(String fileName, InputStream in, String origin) {
            Matcher matcher = FILE_NAME.matcher(fileName == null ? "" : fileName);
            if (!matcher.matches()) {
                return; // other files (a README, the official schema.json) are not definitions
            }
            ModelDefinition model = ModelDefinitionReader.read(in, origin);
            if (model.id() != Integer.parseInt(matcher.group(1))) {
                throw new InvalidModelDefinitionException(origin + ": defines model " + model.id()
                        + ", but the file name says " + matcher.group(1));
            }
            models.put(model.id(), model);
            origins.put(model.id(), origin);
        }

        SunSpecModels build() {
            return new SunSpecModels(models, origins);
        }
    }
}
