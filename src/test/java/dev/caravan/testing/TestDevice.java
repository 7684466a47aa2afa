package dev.caravan.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A device simulator for tests: an MQTT 5 client that publishes and records what it receives. */
public class TestDevice implements AutoCloseable {

    private final MqttAsyncClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private TestDevice(MqttAsyncClient client) {
        this.client = client;
    }

    public static TestDevice connect(String brokerUrl, String clientId) {
        return connect(brokerUrl, clientId, null, null, null, null);
    }

    /** Connects; with a will topic, the broker publishes {@code willPayload} (retained, QoS 1) when it vanishes. */
    public static TestDevice connect(String brokerUrl, String clientId, String username, String password,
                                     String willTopic, String willPayload) {
        try {
            MqttAsyncClient client = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence());
            TestDevice device = new TestDevice(client);
            client.setCallback(device.callback());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            options.setKeepAliveInterval(5);
            if (username != null) {
                options.setUserName(username);
                options.setPassword(password.getBytes(StandardCharsets.UTF_8));
            }
            if (willTopic != null) {
                options.setWill(willTopic, new MqttMessage(willPayload.getBytes(StandardCharsets.UTF_8), 1, true,
                        new MqttProperties()));
            }
            client.connect(options).waitForCompletion(10_000);
            return device;
        } catch (MqttException e) {
            throw new IllegalStateException("cannot connect " + clientId + " to " + brokerUrl + ": " + e, e);
        }
    }

    /** Publishes at QoS 1 and waits for the broker's acknowledgement. */
    public void publish(String topic, String payload) {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8), false);
    }

    public void publish(String topic, byte[] payload, boolean retained) {
        try {
            client.publish(topic, payload, 1, retained).waitForCompletion(10_000);
        } catch (MqttException e) {
            throw new IllegalStateException("publish to " + topic + " failed: " + e, e);
        }
    }

    public void subscribe(String filter) {
        try {
            client.subscribe(filter, 1).waitForCompletion(10_000);
        } catch (MqttException e) {
            throw new IllegalStateException("subscribe to " + filter + " failed: " + e, e);
        }
    }

    public List<Received> received() {
        return received;
    }

    /** Drops the connection without DISCONNECT, as a crash or a cut cable would: the broker sends the will. */
    public void vanish() {
        try {
            client.disconnectForcibly(0, 1, false);
            client.close(true);
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        close(client);
    }

    /** Disconnects (if connected) and closes a test client; one that is already gone is fine. */
    static void close(MqttAsyncClient client) {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
            client.close(true);
        } catch (MqttException e) {
            // closing a test client that is already gone
        }
    }

    private MqttCallback callback() {
        return (MessageListener) (topic, message) -> received.add(new Received(topic,
                new String(message.getPayload(), StandardCharsets.UTF_8), message.isRetained()));
    }

    /** A message the device received. */
    public record Received(String topic, String payload, boolean retained) {
    }
}
