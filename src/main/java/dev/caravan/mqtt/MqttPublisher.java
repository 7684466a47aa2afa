package dev.caravan.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Publishes an exchange's body through the hub's client pool, for routes: {@code - bean: {ref: mqttPublisher}} with
 * the topic in header {@value #TOPIC} and optionally {@value #RETAINED}. Waits for the broker's acknowledgement
 * (QoS 1), so that a route step that returns has really published.
 */
@Component("mqttPublisher")
public class MqttPublisher {

    public static final String TOPIC = "CaravanPublishTopic";
    public static final String RETAINED = "CaravanPublishRetained";

    private final MqttConnectionPoolService pool;
    private final Duration timeout;

    public MqttPublisher(MqttConnectionPoolService pool, MqttProperties properties) {
        this.pool = pool;
        this.timeout = properties.pool().publishTimeout().multipliedBy(2);
    }

    public void publish(Exchange exchange) throws InterruptedException, TimeoutException {
        String topic = exchange.getMessage().getHeader(TOPIC, String.class);
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("mqttPublisher needs the topic in header " + TOPIC);
        }
        boolean retained = exchange.getMessage().getHeader(RETAINED, false, Boolean.class);
        byte[] payload = exchange.getMessage().getBody(byte[].class);
        if (payload == null) {
            payload = exchange.getMessage().getBody(String.class).getBytes(StandardCharsets.UTF_8);
        }
        try {
            pool.publish(new OutboundMessage(topic, payload, 1, retained, null))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new MqttPublishException(e.getMessage(), e);
        }
    }
}
