package dev.caravan.mqtt;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

import dev.caravan.runtime.InstanceId;

/**
 * Instantiates the {@code mqtt-inbound} route template (camel/mqtt-inbound.yaml) once per consumer connection:
 * <ul>
 *   <li>telemetry, events and responses through MQTT 5 shared subscriptions ({@code $share/<group>/device/+/...}),
 *       so that consumers in this hub and in other hubs divide the work;</li>
 *   <li>status through a plain subscription, because brokers do not send retained messages to shared
 *       subscriptions and the hub needs every device's retained status when it starts. Every hub instance sees
 *       every status message; applying one is idempotent.</li>
 * </ul>
 * All consumers use {@code caravan-mqtt:}: QoS 1, manual acknowledgement (sent when the exchange completes, i.e.
 * once the message is stored or dead-lettered) and a persistent session, so that messages published while the hub
 * is away are waiting when it comes back.
 */
@Component
public class InboundConsumerRoutes extends RouteBuilder {

    private final MqttProperties properties;
    private final InstanceId instanceId;

    public InboundConsumerRoutes(MqttProperties properties, InstanceId instanceId) {
        this.properties = properties;
        this.instanceId = instanceId;
    }

    @Override
    public void configure() {
        MqttProperties.Inbound inbound = properties.inbound();
        shared(TopicKind.TELEMETRY, inbound.telemetryConsumers());
        shared(TopicKind.EVENT, inbound.eventConsumers());
        shared(TopicKind.RESPONSE, inbound.responseConsumers());
        templatedRoute("mqtt-inbound")
                .routeId("mqtt-status")
                .parameter("consumerUri", consumerUri("device/+/status", "status"))
                .parameter("next", "direct:status");
    }

    private void shared(TopicKind kind, int consumers) {
        String filter = "$share/" + properties.sharedGroup() + "/device/+/" + kind.segment();
        for (int i = 1; i <= consumers; i++) {
            templatedRoute("mqtt-inbound")
                    .routeId("mqtt-" + kind.segment() + "-" + i)
                    .parameter("consumerUri", consumerUri(filter, kind.segment() + "-" + i))
                    .parameter("next", "direct:" + kind.segment());
        }
    }

    /** On {@code caravan-mqtt:}, which carries the broker, credentials, QoS 1, manual acks and session settings. */
    String consumerUri(String topicFilter, String name) {
        return "caravan-mqtt:" + topicFilter.replace("+", "%2B") + "?clientId=caravan-" + instanceId.value() + "-"
                + name;
    }
}
