package dev.caravan.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import dev.caravan.telemetry.TelemetryProperties;
import dev.caravan.telemetry.TelemetryRepository;
import dev.caravan.telemetry.TelemetryRepository.StoredValue;

/** {@code /api/devices/{id}/telemetry}: newest values and history. */
@Component("telemetryApi")
public class TelemetryApi {

    private final TelemetryRepository repository;
    private final TelemetryProperties properties;
    private final ObjectMapper mapper;

    public TelemetryApi(TelemetryRepository repository, TelemetryProperties properties, ObjectMapper mapper) {
        this.repository = repository;
        this.properties = properties;
        this.mapper = mapper;
    }

    /**
     * The newest values, from the Redis hash the previous route step read ({@code HGETALL}); from PostgreSQL when
     * the hot store has nothing for the device (flushed, or down).
     */
    public Latest latest(Exchange exchange) {
        String deviceId = DeviceApi.id(exchange);
        Map<?, ?> hot = exchange.getMessage().getBody(Map.class);
        Map<String, JsonNode> values = new TreeMap<>();
        if (hot != null && !hot.isEmpty()) {
            hot.forEach((key, json) -> values.put((String) key, read((String) json)));
            return new Latest(deviceId, "redis", values);
        }
        for (StoredValue stored : repository.latest(deviceId)) {
            values.put(stored.key(), mapper.createObjectNode().putPOJO("value", stored.value())
                    .put("ts", stored.ts().toString()));
        }
        return new Latest(deviceId, "postgresql", values);
    }

    public History history(Exchange exchange) {
        String deviceId = DeviceApi.id(exchange);
        Instant to = ApiRequests.instant(exchange, "to");
        Instant from = ApiRequests.instant(exchange, "from");
        if (to == null) {
            to = Instant.now();
        }
        if (from == null) {
            from = to.minus(properties.queryDefaultWindow());
        }
        if (!from.isBefore(to)) {
            throw new ApiException(400, "BAD_REQUEST", "from must be before to");
        }
        List<String> keys = ApiRequests.list(exchange, "keys");
        int limit = ApiRequests.integer(exchange, "limit", properties.queryMaxRows(), 1, properties.queryMaxRows());
        List<StoredValue> rows = repository.history(deviceId, from, to, keys, limit + 1);
        boolean truncated = rows.size() > limit;
        Map<String, List<Point>> series = new LinkedHashMap<>();
        for (StoredValue row : truncated ? rows.subList(0, limit) : rows) {
            series.computeIfAbsent(row.key(), k -> new java.util.ArrayList<>()).add(new Point(row.ts(), row.value()));
        }
        return new History(deviceId, from, to, truncated, series);
    }

    private JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            return mapper.getNodeFactory().textNode(json);
        }
    }

    /** {@code GET /api/devices/{id}/telemetry/latest}; {@code source} says which store answered. */
    public record Latest(String deviceId, String source, Map<String, JsonNode> values) {
    }

    /** {@code GET /api/devices/{id}/telemetry}: one series per key, oldest first. */
    public record History(String deviceId, Instant from, Instant to, boolean truncated,
                          Map<String, List<Point>> series) {
    }

    public record Point(Instant ts, Object value) {
    }
}
