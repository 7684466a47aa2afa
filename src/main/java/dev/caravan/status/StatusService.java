package dev.caravan.status;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.caravan.mqtt.CaravanHeaders;
import dev.caravan.registry.DeviceState;

/**
 * Keeps each device's state: from its status messages (including its Last Will), and from heartbeats (any message)
 * through {@link HeartbeatMonitor}. Every transition is stored as a {@code status} event and published as a
 * {@link DeviceStateChanged}.
 */
@Service
public class StatusService {

    private static final Logger LOG = LoggerFactory.getLogger(StatusService.class);

    private final StatusRepository repository;
    private final LastSeenStore lastSeen;
    private final ObjectMapper mapper;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;

    public StatusService(StatusRepository repository, LastSeenStore lastSeen, ObjectMapper mapper,
                         TransactionTemplate tx, ApplicationEventPublisher events) {
        this.repository = repository;
        this.lastSeen = lastSeen;
        this.mapper = mapper;
        this.tx = tx;
        this.events = events;
    }

    /** A validated {@code device/{id}/status} message. */
    public void onStatusMessage(@Header(CaravanHeaders.DEVICE_ID) String deviceId,
                                @Header(CaravanHeaders.RECEIVED_AT) long receivedAtMs, JsonNode status) {
        Instant at = Instant.ofEpochMilli(receivedAtMs);
        DeviceState state = DeviceState.of(status.get("state").asText());
        if (state != DeviceState.OFFLINE) {
            // an offline status is usually the broker publishing the Last Will: not a sign of life
            lastSeen.seen(deviceId, at);
        }
        ObjectNode detail = ((ObjectNode) status).deepCopy();
        detail.remove("state");
        String version = status.hasNonNull("version") ? status.get("version").asText() : null;
        DeviceStateChanged change = tx.execute(t -> repository.report(deviceId, state, detail, version, at)
                .filter(previous -> previous != state)
                .map(previous -> record(deviceId, previous, state, "status message", at))
                .orElse(null));
        publish(change);
        events.publishEvent(new DeviceStatusReported(deviceId, status, at));
    }

    /** Moves a device if it is still in {@code expected}; for heartbeat decisions, safe across hub instances. */
    public boolean transition(String deviceId, DeviceState expected, DeviceState next, String cause, Instant at) {
        DeviceStateChanged change = tx.execute(t -> repository.transition(deviceId, expected, next, at)
                ? record(deviceId, expected, next, cause, at) : null);
        publish(change);
        return change != null;
    }

    private DeviceStateChanged record(String deviceId, DeviceState from, DeviceState to, String cause, Instant at) {
        ObjectNode data = mapper.createObjectNode().put("from", from.value()).put("to", to.value())
                .put("cause", cause);
        repository.insertEvents(List.of(new DeviceEvent(deviceId, at, "status", to.value(), null,
                deviceId + " is " + to.value() + " (" + cause + ")", data)));
        return new DeviceStateChanged(deviceId, from, to, cause, at);
    }

    private void publish(DeviceStateChanged change) {
        if (change != null) {
            LOG.info("Device {} {} -> {} ({})", change.deviceId(), change.from().value(), change.to().value(),
                    change.cause());
            events.publishEvent(change);
        }
    }
}
