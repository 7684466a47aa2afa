package dev.caravan.mqtt;

import org.apache.camel.Exchange;

import dev.caravan.deadletter.DeadLetterReason;
import dev.caravan.deadletter.InvalidMessageException;

/** A canonical device topic {@code device/{id}/<kind>}. */
public record DeviceTopic(String deviceId, TopicKind kind) {

    public static final String PREFIX = "device/";
    private static final String PARSED = "CaravanDeviceTopic";

    public String topic() {
        return PREFIX + deviceId + "/" + kind.segment();
    }

    public static String of(String deviceId, TopicKind kind) {
        return PREFIX + deviceId + "/" + kind.segment();
    }

    /**
     * Parses a topic a message arrived on.
     *
     * @throws InvalidMessageException BAD_TOPIC for a topic outside the canonical set, BAD_DEVICE_ID for a bad id
     */
    public static DeviceTopic parse(String topic) {
        if (topic == null || !topic.startsWith(PREFIX)) {
            throw new InvalidMessageException(DeadLetterReason.BAD_TOPIC, "not a device topic: " + topic);
        }
        int slash = topic.lastIndexOf('/');
        if (slash <= PREFIX.length() - 1) {
            throw new InvalidMessageException(DeadLetterReason.BAD_TOPIC, "not a device topic: " + topic);
        }
        String id = topic.substring(PREFIX.length(), slash);
        TopicKind kind = TopicKind.fromSegment(topic.substring(slash + 1)).orElseThrow(() ->
                new InvalidMessageException(DeadLetterReason.BAD_TOPIC, "unknown device topic: " + topic));
        String problem = DeviceIds.problem(id);
        if (problem != null) {
            throw new InvalidMessageException(DeadLetterReason.BAD_DEVICE_ID, problem);
        }
        return new DeviceTopic(id, kind);
    }

    /**
     * The topic of an inbound exchange ({@link CaravanHeaders#TOPIC}), parsed once and shared by the steps of its
     * ingest route (rate limit, envelope, validator).
     *
     * @throws InvalidMessageException as {@link #parse}
     */
    public static DeviceTopic inbound(Exchange exchange) {
        DeviceTopic parsed = exchange.getProperty(PARSED, DeviceTopic.class);
        if (parsed == null) {
            parsed = parse(exchange.getMessage().getHeader(CaravanHeaders.TOPIC, String.class));
            exchange.setProperty(PARSED, parsed);
        }
        return parsed;
    }

    /** The device id segment of a topic, valid or not: for dead letter entries. */
    public static String rawDeviceId(String topic) {
        if (topic == null || !topic.startsWith(PREFIX)) {
            return null;
        }
        int slash = topic.lastIndexOf('/');
        return slash > PREFIX.length() ? topic.substring(PREFIX.length(), slash) : null;
    }
}
