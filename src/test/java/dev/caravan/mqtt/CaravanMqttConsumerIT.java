package dev.caravan.mqtt;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.caravan.runtime.DataDirectory;
import dev.caravan.runtime.FreePorts;

/**
 * {@code caravan-mqtt:} consumers, as the hub's inbound routes use them (persistent session, manual acknowledgement),
 * on the embedded broker.
 */
class CaravanMqttConsumerIT {

    private static final int QUEUED = 500;

    private final DataDirectory brokerData = new DataDirectory("unused", true);
    private final int brokerPort = FreePorts.pick();
    private final String brokerUrl = "tcp://127.0.0.1:" + brokerPort;
    private final EmbeddedMqttBroker broker = new EmbeddedMqttBroker(brokerData,
            new MqttProperties.Embedded(true, "127.0.0.1", brokerPort, FreePorts.pick(), "/mqtt", 10_000, 500, false,
                    true, 0, null, null),
            null);

    @AfterEach
    void tearDown() throws Exception {
        broker.close();
        brokerData.close();
    }

    /**
     * The broker sends a session's queued messages right after it accepts the connection. A consumer that connected
     * first and set its message callback afterwards (camel-paho-mqtt5's) dropped those that came in between, without
     * acknowledging them: they stayed with the broker, unprocessed, until the next reconnect (HubRestartIT's
     * occasional failure).
     */
    @Test
    void everyMessageQueuedWhileTheConsumerWasAwayIsProcessedWhenItStarts() throws Exception {
        Set<String> processed = ConcurrentHashMap.newKeySet();
        MqttProperties properties = new MqttProperties(null, brokerUrl, null, null, "caravan", Duration.ofHours(1),
                Duration.ofSeconds(10), null, null, null, null);
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addComponent("caravan-mqtt", new CaravanMqttComponentConfiguration().caravanMqtt(properties));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("caravan-mqtt:queued/test?clientId=queued-consumer").routeId("queued")
                            .process(e -> processed.add(new String(e.getMessage().getBody(byte[].class),
                                    StandardCharsets.UTF_8)));
                }
            });
            camel.start();
            // the session and its subscription exist; the consumer goes away, the session stays
            camel.getRouteController().stopRoute("queued");

            publishQueued();
            camel.getRouteController().startRoute("queued");

            await().atMost(Duration.ofSeconds(20)).until(() -> processed.size() == QUEUED);
        }
    }

    /** {@value #QUEUED} messages at QoS 1 on the consumer's topic, each acknowledged by the broker. */
    private void publishQueued() throws Exception {
        MqttAsyncClient publisher = new MqttAsyncClient(brokerUrl, "queued-publisher", new MemoryPersistence());
        publisher.connect(new MqttConnectionOptions()).waitForCompletion(10_000);
        try {
            for (int i = 0; i < QUEUED; i++) {
                byte[] payload = ("m" + i).getBytes(StandardCharsets.UTF_8);
                // Paho frees a publish's place in its window a little after the acknowledgement (on its callback
                // thread): under load the next publish can find the window still full
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                        .until(() -> published(publisher, payload));
            }
            publisher.disconnect().waitForCompletion(10_000);
        } finally {
            publisher.close(true);
        }
    }

    private static boolean published(MqttAsyncClient publisher, byte[] payload) throws MqttException {
        try {
            publisher.publish("queued/test", payload, 1, false).waitForCompletion(10_000);
            return true;
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                return false;
            }
            throw e;
        }
    }
}
