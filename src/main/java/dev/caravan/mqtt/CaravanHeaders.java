package dev.caravan.mqtt;

/** Exchange headers set on canonical messages inside the hub. */
public final class CaravanHeaders {

    /** The topic a message arrived on; the same header camel-paho-mqtt5 sets. */
    public static final String TOPIC = "CamelMqttTopic";
    /** The device id from the topic, once validated. */
    public static final String DEVICE_ID = "CaravanDeviceId";
    /** The {@link TopicKind} of the message. */
    public static final String TOPIC_KIND = "CaravanTopicKind";
    /** When the hub received the message (epoch milliseconds). */
    public static final String RECEIVED_AT = "CaravanReceivedAt";
    /** Where the message came from: {@code mqtt} or {@code http}. */
    public static final String SOURCE = "CaravanSource";

    private CaravanHeaders() {
    }
}
