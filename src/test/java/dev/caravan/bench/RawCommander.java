package dev.caravan.bench;

import java.nio.charset.StandardCharsets;

import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * The raw MQTT reference: one plain MQTT 5 client (Paho async) that publishes command-shaped messages straight on
 * {@code device/{id}/command} at QoS 1, with its own commandIds ({@code <prefix><i>}), and subscribes at QoS 1 to
 * {@code device/+/response}, where it matches each answer to its request by commandId. No hub in between: this is
 * what the broker and the same device simulators cost.
 */
final class RawCommander extends BenchSubscriber {

    private volatile RoundTrips trips;
    private volatile String prefix = "\u0000";

    RawCommander(String brokerUrl, String clientId, boolean tcpNoDelay) throws MqttException {
        super(brokerUrl, clientId, tcpNoDelay);
        subscribe("device/+/response");
    }

    /** From now on, answers whose commandId is {@code prefix + i} are answers to request i of {@code trips}. */
    void collect(RoundTrips trips, String prefix) {
        this.prefix = prefix;
        this.trips = trips;
    }

    /** Publishes request i of the current phase to the device, with {@code commandId = prefix + i}. */
    void send(String deviceId, int i, String expiresAt) throws MqttException, InterruptedException {
        byte[] payload = ("{\"type\":\"BENCH\",\"commandId\":\"" + prefix + i + "\",\"params\":{\"seq\":" + i
                + "},\"expiresAt\":\"" + expiresAt + "\"}").getBytes(StandardCharsets.UTF_8);
        publishWaitingForRoom("device/" + deviceId + "/command", payload);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        long now = System.nanoTime();
        RoundTrips current = trips;
        if (current == null) {
            return;
        }
        String commandId = CommandDevices.commandId(message.getPayload());
        String p = prefix;
        if (commandId == null || !commandId.startsWith(p)) {
            current.foreign();
            return;
        }
        try {
            current.answered(Integer.parseInt(commandId.substring(p.length())), now);
        } catch (NumberFormatException e) {
            current.foreign();
        }
    }

}
