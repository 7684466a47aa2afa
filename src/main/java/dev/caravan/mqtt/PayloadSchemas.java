package dev.caravan.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.springframework.stereotype.Component;

/**
 * The JSON schema of each canonical topic ({@code classpath:schema/<kind>.schema.json}, JSON Schema 2020-12), the
 * contract device makers read and the hub enforces.
 */
@Component
public class PayloadSchemas {

    private static final int MAX_REPORTED_ERRORS = 3;

    private final Map<TopicKind, JsonSchema> schemas = new EnumMap<>(TopicKind.class);

    public PayloadSchemas() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        for (TopicKind kind : TopicKind.values()) {
            String path = "/schema/" + kind.segment() + ".schema.json";
            try (InputStream in = PayloadSchemas.class.getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("missing schema " + path);
                }
                schemas.put(kind, factory.getSchema(in, config));
            } catch (IOException e) {
                throw new UncheckedIOException(path, e);
            }
        }
    }

    /** The schema violations of a payload, readable, at most three; empty when it is valid. */
    public String violations(TopicKind kind, JsonNode payload) {
        Set<ValidationMessage> errors = schemas.get(kind).validate(payload);
        if (errors.isEmpty()) {
            return "";
        }
        String shown = errors.stream().limit(MAX_REPORTED_ERRORS).map(ValidationMessage::getMessage)
                .collect(Collectors.joining("; "));
        return errors.size() > MAX_REPORTED_ERRORS ? shown + " (and " + (errors.size() - MAX_REPORTED_ERRORS)
                + " more)" : shown;
    }
}
