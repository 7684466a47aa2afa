package dev.caravan.status;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import dev.caravan.mqtt.CaravanHeaders;
import dev.caravan.mqtt.PayloadTime;

/** Stores events devices report on {@code device/{id}/event}, in batches, and counts them as heartbeats. */
@Component
public class DeviceEventWriter {

    private final StatusRepository repository;
    private final LastSeenStore lastSeen;

    public DeviceEventWriter(StatusRepository repository, LastSeenStore lastSeen) {
        this.repository = repository;
        this.lastSeen = lastSeen;
    }

    public Received fromExchange(Exchange exchange) {
        String deviceId = exchange.getMessage().getHeader(CaravanHeaders.DEVICE_ID, String.class);
        Instant receivedAt = Instant.ofEpochMilli(exchange.getMessage().getHeader(CaravanHeaders.RECEIVED_AT,
                Long.class));
        JsonNode body = exchange.getMessage().getBody(JsonNode.class);
        Instant ts = PayloadTime.of(body, receivedAt);
        DeviceEvent event = new DeviceEvent(deviceId, ts, "device", body.get("type").asText(),
                body.path("severity").asText("info"), body.hasNonNull("message") ? body.get("message").asText() : null,
                body.path("data").isObject() ? body.get("data") : null);
        return new Received(event, receivedAt);
    }

    public void write(List<Received> batch) {
        repository.insertEvents(batch.stream().map(Received::event).toList());
        Map<String, Instant> seen = new HashMap<>();
        batch.forEach(r -> seen.merge(r.event.deviceId(), r.receivedAt, (a, b) -> a.isAfter(b) ? a : b));
        lastSeen.seen(seen);
    }

    /** An event with the time the hub received it. */
    public record Received(DeviceEvent event, Instant receivedAt) {
    }
}
