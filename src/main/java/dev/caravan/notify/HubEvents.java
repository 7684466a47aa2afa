package dev.caravan.notify;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.caravan.command.CommandStateChanged;
import dev.caravan.deadletter.DeadLetter;
import dev.caravan.deadletter.DeadLetterReason;
import dev.caravan.deadletter.DeadLetterStored;
import dev.caravan.status.DeviceStateChanged;

/**
 * Turns the hub's internal events (command state changes, device transitions, dead letters) into
 * {@link HubEvent}s and hands each to the webhooks and the live event stream.
 */
@Component
public class HubEvents {

    private final ObjectMapper mapper;
    private final WebhookService webhooks;
    private final EventStreams streams;

    public HubEvents(ObjectMapper mapper, WebhookService webhooks, EventStreams streams) {
        this.mapper = mapper;
        this.webhooks = webhooks;
        this.streams = streams;
    }

    @EventListener
    public void onCommand(CommandStateChanged change) {
        ObjectNode data = mapper.createObjectNode()
                .put("commandId", change.commandId())
                .put("deviceId", change.deviceId())
                .put("type", change.type())
                .put("from", change.from() == null ? null : change.from().name())
                .put("to", change.to().name())
                .put("detail", change.detail());
        emit(new HubEvent(UUID.randomUUID().toString(), HubEvent.COMMAND_STATE, change.at(), data));
    }

    @EventListener
    public void onDevice(DeviceStateChanged change) {
        ObjectNode data = mapper.createObjectNode()
                .put("deviceId", change.deviceId())
                .put("from", change.from().value())
                .put("to", change.to().value())
                .put("cause", change.cause());
        emit(new HubEvent(UUID.randomUUID().toString(), "device." + change.to().value().toLowerCase(Locale.ROOT),
                change.at(), data));
    }

    @EventListener
    public void onDeadLetter(DeadLetterStored stored) {
        DeadLetter letter = stored.letter();
        ObjectNode data = mapper.createObjectNode()
                .put("reason", letter.reason().name())
                .put("source", letter.source())
                .put("topic", letter.topic())
                .put("deviceId", letter.deviceId())
                .put("detail", letter.detail());
        HubEvent event = new HubEvent(UUID.randomUUID().toString(), HubEvent.DEAD_LETTER, Instant.now(), data);
        if (letter.reason() == DeadLetterReason.WEBHOOK_FAILED) {
            // telling a failing webhook that it failed would feed the loop that made it fail
            streams.publish(event);
        } else {
            emit(event);
        }
    }

    private void emit(HubEvent event) {
        webhooks.enqueue(event);
        streams.publish(event);
    }
}
