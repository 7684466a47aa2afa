package dev.caravan.component.sunspec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Which SunSpec points become which canonical telemetry keys ({@code adapters/sunspec/mapping.yaml}): per model,
 * its top group's points, a prefix for all its keys, and its repeating groups with a prefix naming the instance
 * ({@code {n}}, from 1).
 */
public final class TelemetryMapping {

    public static final Path DEFAULT_FILE = Path.of("adapters", "sunspec", "mapping.yaml");
    public static final String CLASSPATH_FILE = "sunspec/mapping.yaml";
    public static final String INSTANCE = "{n}";
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_]*");
    /** The telemetry schema's limit on a key, with room for an instance number of three digits. */
    private static final int MAX_KEY = 64;

    /** The keys of a group's points, each put after the prefix. */
    public record Points(String prefix, Map<String, String> keys) {
    }

    /** A model's mapping: its top group's points and its repeating groups by name. */
    public record ModelMapping(Points points, Map<String, Points> groups) {
    }

    private final Map<Integer, ModelMapping> models;

    private TelemetryMapping(Map<Integer, ModelMapping> models) {
        this.models = Map.copyOf(models);
    }

    public Optional<ModelMapping> forModel(int id) {
        return Optional.ofNullable(models.get(id));
    }

    public Set<Integer> modelIds() {
        return models.keySet();
    }

    /** The file if it exists, otherwise the mapping shipped in the jar. */
    public static TelemetryMapping load(Path file) {
        try (InputStream in = Files.isRegularFile(file) ? Files.newInputStream(file)
                : TelemetryMapping.class.getClassLoader().getResourceAsStream(CLASSPATH_FILE)) {
            if (in == null) {
                throw new IllegalStateException("no SunSpec mapping: neither " + file.toAbsolutePath()
                        + " nor classpath:" + CLASSPATH_FILE);
            }
            return parse(in, Files.isRegularFile(file) ? file.toString() : "classpath:" + CLASSPATH_FILE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the SunSpec mapping " + file, e);
        }
    }

    public static TelemetryMapping parse(InputStream in, String origin) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        } catch (YAMLException e) {
            throw new IllegalArgumentException(origin + ": not YAML: " + e.getMessage(), e);
        }
        // "shared" holds what the models refer to (YAML anchors); it is resolved by the YAML reader
        Map<?, ?> models = map(fields(root, origin, "", Set.of("shared", "models")).get("models"), origin, "models");
        Map<Integer, ModelMapping> result = new LinkedHashMap<>();
        models.forEach((id, model) -> {
            if (!(id instanceof Integer modelId)) {
                throw new IllegalArgumentException(origin + ": models." + id + " is not a model id");
            }
            result.put(modelId, model(model, origin, "models." + id));
        });
        return new TelemetryMapping(result);
    }

    private static ModelMapping model(Object model, String origin, String at) {
        Map<?, ?> fields = fields(model, origin, at, Set.of("prefix", "points", "groups"));
        String prefix = prefix(fields.get("prefix"), origin, at, false);
        Map<String, Points> groups = new LinkedHashMap<>();
        map(fields.containsKey("groups") ? fields.get("groups") : Map.of(), origin, at + ".groups")
                .forEach((group, mapping) -> {
                    String groupAt = at + ".groups." + group;
                    Map<?, ?> groupFields = fields(mapping, origin, groupAt, Set.of("prefix", "points"));
                    String groupPrefix = prefix + prefix(groupFields.get("prefix"), origin, groupAt, true);
                    groups.put(String.valueOf(group),
                            new Points(groupPrefix, keys(groupFields.get("points"), origin, groupAt, groupPrefix)));
                });
        return new ModelMapping(new Points(prefix, keys(fields.get("points"), origin, at, prefix)), groups);
    }

    /** The mapped points that the models' definitions do not have, as "model 103: point X"; empty when all do. */
    public List<String> pointsMissingIn(SunSpecModels definitions) {
        List<String> missing = new ArrayList<>();
        models.forEach((id, mapping) -> definitions.find(id).ifPresentOrElse(model -> {
            check(id, model.group(), mapping.points(), missing);
            mapping.groups().forEach((name, points) -> model.group().groups().stream()
                    .filter(group -> group.name().equals(name)).findFirst().ifPresentOrElse(
                            group -> check(id, group, points, missing),
                            () -> missing.add("model " + id + ": group " + name)));
        }, () -> missing.add("model " + id)));
        return missing;
    }

    private static void check(int id, GroupDefinition group, Points points, List<String> missing) {
        points.keys().keySet().stream()
                .filter(point -> group.points().stream().noneMatch(p -> p.name().equals(point)))
                .forEach(point -> missing.add("model " + id + ": point " + group.name() + "." + point));
    }

    private static Map<String, String> keys(Object points, String origin, String at, String prefix) {
        Map<String, String> keys = new LinkedHashMap<>();
        map(points == null ? Map.of() : points, origin, at + ".points").forEach((point, key) -> {
            String name = String.valueOf(key);
            if (!KEY.matcher(name).matches()) {
                throw new IllegalArgumentException(origin + ": " + at + ".points." + point + ": '" + name
                        + "' is not a telemetry key (letters, digits, _; not starting with a digit)");
            }
            if (prefix.replace(INSTANCE, "999").length() + name.length() > MAX_KEY) {
                throw new IllegalArgumentException(origin + ": " + at + ".points." + point + ": " + prefix + name
                        + " is longer than " + MAX_KEY + " characters");
            }
            keys.put(String.valueOf(point), name);
        });
        return keys;
    }

    private static String prefix(Object value, String origin, String at, boolean needsInstance) {
        String prefix = value == null ? "" : String.valueOf(value);
        if (!PREFIX.matcher(prefix.replace(INSTANCE, "")).matches()) {
            throw new IllegalArgumentException(origin + ": " + at + ".prefix '" + prefix
                    + "' may hold only letters, digits, _ and " + INSTANCE);
        }
        if (needsInstance && !prefix.contains(INSTANCE)) {
            throw new IllegalArgumentException(origin + ": " + at + ".prefix '" + prefix + "' must contain "
                    + INSTANCE + ", or the instances of the group would share their keys");
        }
        return prefix;
    }

    private static Map<?, ?> fields(Object value, String origin, String at, Set<String> allowed) {
        Map<?, ?> fields = map(value, origin, at);
        fields.keySet().stream().filter(field -> !allowed.contains(String.valueOf(field))).findFirst()
                .ifPresent(field -> {
                    throw new IllegalArgumentException(origin + ": " + (at.isEmpty() ? "" : at + ".") + field
                            + " is not a field; "
                            + "known: " + allowed);
                });
        return fields;
    }

    private static Map<?, ?> map(Object value, String origin, String at) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(origin + ": " + (at.isEmpty() ? "the file" : at)
                    + " must be a mapping");
        }
        return map;
    }
}
