package dev.caravan.api;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/devices/{id}/events}: prepares the query that the route's camel-jdbc step runs, and shapes its
 * rows.
 */
@Component("eventApi")
public class EventApi {

    private final ObjectMapper mapper;

    public EventApi(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Sets the SQL as the body and its named parameters as headers. */
    public void query(Exchange exchange) {
        Instant to = ApiRequests.instant(exchange, "to");
        Instant from = ApiRequests.instant(exchange, "from");
        String category = ApiRequests.text(exchange, "category");
        if (category != null && !category.equals("status") && !category.equals("device")) {
            throw new ApiException(400, "BAD_REQUEST", "category: one of [status, device]");
        }
        var message = exchange.getMessage();
        message.setHeader("deviceId", DeviceApi.id(exchange));
        message.setHeader("fromTs", Timestamp.from(from == null ? Instant.EPOCH : from));
        message.setHeader("toTs", Timestamp.from(to == null ? Instant.now().plusSeconds(1) : to));
        message.setHeader("maxRows", ApiRequests.integer(exchange, "limit", 100, 1, 1000));
        message.setHeader("category", category);
        message.setBody("select ts, category, type, severity, message, data from device_events"
                + " where device_id = :?deviceId and ts >= :?fromTs and ts < :?toTs"
                + (category == null ? "" : " and category = :?category")
                + " order by ts desc, id desc limit :?maxRows");
    }

    public Page<Event> format(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = exchange.getMessage().getBody(List.class);
        List<Event> events = rows.stream().map(row -> new Event(
                ((Timestamp) row.get("ts")).toInstant(),
                (String) row.get("category"),
                (String) row.get("type"),
                (String) row.get("severity"),
                (String) row.get("message"),
                json(row.get("data")))).toList();
        return new Page<>(events, exchange.getMessage().getHeader("maxRows", Integer.class), 0);
    }

    private JsonNode json(Object column) {
        try {
            return column == null ? null : mapper.readTree(column.toString());
        } catch (JsonProcessingException e) {
            return mapper.getNodeFactory().textNode(column.toString());
        }
    }

    /** One entry of a device's history, newest first. */
    public record Event(Instant ts, String category, String type, String severity, String message, JsonNode data) {
    }
}
