package dev.caravan.bench;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import dev.caravan.mqtt.NoDelaySocketFactory;

/**
 * What the drivers' plain subscribers share: one connected client (clean start, no session kept, optionally
 * TCP_NODELAY), the reason it was disconnected if it was, and a quiet close. Subclasses handle the messages and
 * call {@link #subscribe} at the end of their constructor, once their own fields are ready for messages.
 */
abstract class BenchSubscriber implements MqttCallback, AutoCloseable {

    protected final MqttAsyncClient client;
    private volatile String disconnected;

    BenchSubscriber(String brokerUrl, String clientId, boolean tcpNoDelay) throws MqttException {
        client = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence());
        client.setCallback(this);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setSessionExpiryInterval(0L);
        options.setKeepAliveInterval(60);
        if (tcpNoDelay) {
            options.setSocketFactory(NoDelaySocketFactory.INSTANCE);
        }
        client.connect(options).waitForCompletion(30_000);
    }

    protected final void subscribe(String filter) throws MqttException {
        client.subscribe(filter, 1).waitForCompletion(30_000);
    }

    /** Publishes at QoS 1, waiting while the client's window of unacknowledged publishes is full. */
    protected final void publishWaitingForRoom(String topic, byte[] payload) throws MqttException,
            InterruptedException {
        while (true) {
            try {
                client.publish(topic, payload, 1, false);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                    throw e;
                }
                Thread.sleep(0, 200_000);
            }
        }
    }

    /** Why the client lost its connection, or null. */
    String disconnected() {
        return disconnected;
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        disconnected = String.valueOf(response);
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        disconnected = String.valueOf(exception);
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(5_000).waitForCompletion(5_000);
            }
            client.close(true);
        } catch (MqttException e) {
            // shutting down anyway
        }
    }
}
