package dev.caravan.api;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Reads request bodies and parameters, answering bad ones with 400, 413 or 415. */
@Component
public class ApiRequests {

    private static final String QUERY_PROPERTY = "caravan.query";

    private final ObjectMapper mapper;
    private final int maxBodyBytes;

    public ApiRequests(ObjectMapper mapper, ApiProperties properties) {
        this.mapper = mapper;
        this.maxBodyBytes = properties.maxBodyBytes();
    }

    /** The JSON body as {@code type}; unknown fields are refused so that typos do not pass silently. */
    public <T> T body(Exchange exchange, Class<T> type) {
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE",
                    "send the body as application/json (got " + (contentType == null ? "no Content-Type" : contentType)
                            + ")");
        }
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body == null || body.length == 0) {
            throw new ApiException(400, "BAD_REQUEST", "the request has no body");
        }
        if (body.length > maxBodyBytes) {
            throw new ApiException(413, "PAYLOAD_TOO_LARGE", "the body of " + body.length
                    + " bytes is larger than the limit of " + maxBodyBytes + " bytes");
        }
        ObjectReader reader = mapper.readerFor(type).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            return reader.readValue(body);
        } catch (UnrecognizedPropertyException e) {
            throw new ApiException(400, "BAD_REQUEST", "unknown field '" + e.getPropertyName() + "'");
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "BAD_REQUEST", "invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiException(400, "BAD_REQUEST", "cannot read the body: " + e.getMessage());
        }
    }

    /** A query parameter, percent-decoded; null when absent or blank. */
    public static String text(Exchange exchange, String name) {
        String value = query(exchange).get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /**
     * The query string's parameters, decoded once from the raw query: camel-netty-http leaves percent-escapes in the
     * query values it copies into headers.
     */
    private static Map<String, String> query(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, String> parsed = exchange.getProperty(QUERY_PROPERTY, Map.class);
        if (parsed != null) {
            return parsed;
        }
        parsed = new HashMap<>();
        String raw = exchange.getMessage().getHeader(Exchange.HTTP_RAW_QUERY, String.class);
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                parsed.putIfAbsent(key, value);
            }
        }
        exchange.setProperty(QUERY_PROPERTY, parsed);
        return parsed;
    }

    public static int integer(Exchange exchange, String name, int fallback, int min, int max) {
        String value = text(exchange, name);
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            if (number < min || number > max) {
                throw new ApiException(400, "BAD_REQUEST", name + ": between " + min + " and " + max);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new ApiException(400, "BAD_REQUEST", name + ": not a whole number: '" + value + "'");
        }
    }

    /** An ISO-8601 time with offset ({@code 2026-11-21T10:00:00Z}); null when absent. */
    public static Instant instant(Exchange exchange, String name) {
        String value = text(exchange, name);
        if (value == null) {
            return null;
        }
        try {
            // a '+' offset sent unescaped arrives as a space; ISO times have none
            return OffsetDateTime.parse(value.replace(' ', '+')).toInstant();
        } catch (DateTimeException e) {
            throw new ApiException(400, "BAD_REQUEST", name + ": not an ISO-8601 time with offset, such as"
                    + " 2026-11-21T10:00:00Z: '" + value + "'");
        }
    }

    /** A comma-separated list; empty when absent. */
    public static List<String> list(Exchange exchange, String name) {
        String value = text(exchange, name);
        return value == null ? List.of()
                : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }

    /** Parses an enum parameter (case-insensitive); null when absent. */
    public static <E extends Enum<E>> E enumeration(Exchange exchange, String name, Class<E> type) {
        String value = text(exchange, name);
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "BAD_REQUEST", name + ": one of "
                    + Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase()).toList());
        }
    }
}
