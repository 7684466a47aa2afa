package dev.caravan.mqtt;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import dev.caravan.deadletter.DeadLetterReason;
import dev.caravan.deadletter.InvalidMessageException;
import dev.caravan.registry.KnownDevices;

/**
 * The gate every inbound canonical message passes, whichever way it came (MQTT or HTTP): topic and device id,
 * size, JSON, the topic's schema, and the unknown-device policy, in that order. A message that fails is refused
 * with an {@link InvalidMessageException} naming the reason; one that passes leaves with its body as a
 * {@link JsonNode} and the {@link CaravanHeaders} set.
 */
@Component("inboundValidator")
public class InboundMessageValidator implements Processor {

    private final ObjectReader reader;
    private final PayloadSchemas schemas;
    private final KnownDevices knownDevices;
    private final int maxPayloadBytes;
    private final Map<TopicKind, Counter> received = new EnumMap<>(TopicKind.class);
    private final Counter receivedOther;

    public InboundMessageValidator(ObjectMapper mapper, PayloadSchemas schemas, KnownDevices knownDevices,
                                   ProtocolProperties properties, MeterRegistry meters) {
        this.reader = mapper.reader()
                .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.schemas = schemas;
        this.knownDevices = knownDevices;
        this.maxPayloadBytes = properties.maxPayloadBytes();
        for (TopicKind kind : TopicKind.values()) {
            if (kind.isInbound()) {
                received.put(kind, meters.counter("caravan.messages.in", "topic", kind.segment()));
            }
        }
        this.receivedOther = meters.counter("caravan.messages.in", "topic", "other");
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        String topic = message.getHeader(CaravanHeaders.TOPIC, String.class);
        DeviceTopic deviceTopic;
        try {
            deviceTopic = DeviceTopic.inbound(exchange);
        } catch (InvalidMessageException e) {
            receivedOther.increment();
            throw e;
        }
        TopicKind kind = deviceTopic.kind();
        if (!kind.isInbound()) {
            receivedOther.increment();
            throw new InvalidMessageException(DeadLetterReason.BAD_TOPIC, kind.segment() + " is sent by the hub,"
                    + " not by devices: " + topic);
        }
        received.get(kind).increment();
        byte[] payload = message.getBody(byte[].class);
        JsonNode json = parse(kind, payload);
        knownDevices.require(deviceTopic.deviceId());

        message.setHeader(CaravanHeaders.DEVICE_ID, deviceTopic.deviceId());
        message.setHeader(CaravanHeaders.TOPIC_KIND, kind);
        message.setHeader(CaravanHeaders.RECEIVED_AT, exchange.getClock().getCreated());
        message.setBody(json);
    }

    /** False for an empty message, such as the one that clears a retained status. */
    public boolean hasPayload(Exchange exchange) {
        byte[] payload = exchange.getMessage().getBody(byte[].class);
        return payload != null && payload.length > 0;
    }

    /** Size, JSON and schema checks of one payload. */
    public JsonNode parse(TopicKind kind, byte[] payload) {
        if (payload == null || payload.length == 0) {
            throw new InvalidMessageException(DeadLetterReason.INVALID_JSON, "empty payload");
        }
        if (payload.length > maxPayloadBytes) {
            throw new InvalidMessageException(DeadLetterReason.PAYLOAD_TOO_LARGE, "payload of " + payload.length
                    + " bytes is larger than the limit of " + maxPayloadBytes + " bytes");
        }
        JsonNode json;
        try {
            json = reader.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new InvalidMessageException(DeadLetterReason.INVALID_JSON, "not valid JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidMessageException(DeadLetterReason.INVALID_JSON, "not valid JSON: " + e.getMessage());
        }
        if (json == null || !json.isObject()) {
            throw new InvalidMessageException(DeadLetterReason.INVALID_JSON, "payload must be a JSON object");
        }
        String violations = schemas.violations(kind, json);
        if (!violations.isEmpty()) {
            throw new InvalidMessageException(DeadLetterReason.SCHEMA_VIOLATION, violations);
        }
        return json;
    }
}
