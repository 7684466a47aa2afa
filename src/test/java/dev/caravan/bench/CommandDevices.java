package dev.caravan.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import dev.caravan.mqtt.NoDelaySocketFactory;

/**
 * K simulated devices that answer commands at once, speaking the canonical protocol (DESIGN.md §2): one Paho MQTT 5
 * async connection each (clean start, Last Will {@code {"state":"offline"}} retained on {@code device/{id}/status}),
 * subscribed at QoS 1 to {@code device/{id}/command}, and online by a retained {@code {"state":"online"}} on their
 * status topic. Each command that arrives is answered at once with {@code {"commandId":"…","success":true,"result":{}}}
 * at QoS 1 on {@code device/{id}/response}, by a thread of the device's own, in arrival order.
 *
 * <p>Not from Paho's callback thread: Paho frees a QoS 1 publish's place in the in-flight window (the broker's
 * receive maximum, 10 with HiveMQ) on that same thread, once the PUBACK is in. A callback that waits there for room
 * to publish waits for itself: the device answers nothing ever again, its PUBACKs read but never applied (paho.mqtt.java
 * issue #993). That was the "devices stalled with 10 publishes the broker never acknowledged" of earlier runs.
 *
 * <p>The devices note when each commandId first arrived (System.nanoTime) and count those that arrive again: a
 * device must see every command once.
 */
final class CommandDevices implements AutoCloseable {

    private static final byte[] COMMAND_ID = "\"commandId\":\"".getBytes(StandardCharsets.US_ASCII);

    private final List<MqttAsyncClient> clients = new ArrayList<>();
    private final List<Device> devices = new ArrayList<>();
    private final List<String> ids;
    private final Map<String, Long> received = new ConcurrentHashMap<>();
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private final AtomicLong answerFailures = new AtomicLong();
    private final AtomicLong answers = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    CommandDevices(String brokerUrl, List<String> ids, boolean tcpNoDelay) throws MqttException {
        this.ids = ids;
        List<IMqttToken> connecting = new ArrayList<>();
        for (String id : ids) {
            MqttAsyncClient client = new MqttAsyncClient(brokerUrl, id, new MemoryPersistence());
            Device device = new Device(client, id);
            devices.add(device);
            client.setCallback(device);
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            options.setSessionExpiryInterval(0L);
            options.setKeepAliveInterval(60);
            options.setConnectionTimeout(30);
            options.setAutomaticReconnect(false);
            MqttMessage will = new MqttMessage(bytes("{\"state\":\"offline\"}"), 1, true, null);
            options.setWill(statusTopic(id), will);
            if (tcpNoDelay) {
                options.setSocketFactory(NoDelaySocketFactory.INSTANCE);
            }
            clients.add(client);
            connecting.add(client.connect(options));
        }
        for (IMqttToken token : connecting) {
            token.waitForCompletion(30_000);
        }
        List<IMqttToken> subscribing = new ArrayList<>();
        for (int d = 0; d < ids.size(); d++) {
            subscribing.add(clients.get(d).subscribe("device/" + ids.get(d) + "/command", 1));
        }
        for (IMqttToken token : subscribing) {
            token.waitForCompletion(30_000);
        }
        List<IMqttToken> online = new ArrayList<>();
        for (int d = 0; d < ids.size(); d++) {
            online.add(clients.get(d).publish(statusTopic(ids.get(d)),
                    bytes("{\"state\":\"online\",\"version\":\"bench\"}"), 1, true));
        }
        for (IMqttToken token : online) {
            token.waitForCompletion(30_000);
        }
    }

    List<String> ids() {
        return ids;
    }

    /** Forgets what arrived so far: the next phase counts its own commands and duplicates. */
    void reset() {
        devices.forEach(d -> d.sinceReset.set(0));
        received.clear();
        commands.set(0);
        duplicates.set(0);
        unreadable.set(0);
        answerFailures.set(0);
    }

    /** When a command first arrived at its device (System.nanoTime), or null. */
    Long receivedAt(String commandId) {
        return received.get(commandId);
    }

    /** Distinct commandIds received. */
    int distinct() {
        return received.size();
    }

    /** Command messages received, repeated ones included. */
    long commands() {
        return commands.get();
    }

    /** Command messages whose commandId a device had received already. */
    long duplicates() {
        return duplicates.get();
    }

    /** Answers the devices published since they connected (never reset). */
    long answers() {
        return answers.get();
    }

    long unreadable() {
        return unreadable.get();
    }

    long answerFailures() {
        return answerFailures.get();
    }

    String firstError() {
        return firstError.get();
    }

    /**
     * The devices that received no command since the last {@link #reset()}, each with whether its client is connected
     * and what its threads are doing (the top of each stack: Paho's and its answering thread): a device that
     * stops receiving is either cut off by the broker or stuck in its own client.
     */
    List<Map<String, Object>> silent() {
        Map<String, StackTraceElement[]> stacks = new java.util.HashMap<>();
        Thread.getAllStackTraces().forEach((thread, stack) -> stacks.put(thread.getName(), stack));
        List<Map<String, Object>> silent = new ArrayList<>();
        for (Device device : devices) {
            if (device.sinceReset.get() > 0) {
                continue;
            }
            Map<String, Object> d = new java.util.LinkedHashMap<>();
            d.put("device", device.id);
            d.put("connected", device.client.isConnected());
            d.put("commands_before_reset", device.total.get());
            d.put("answering_since_ms", device.answeringSince == 0 ? null
                    : (System.nanoTime() - device.answeringSince) / 1_000_000);
            d.put("in_flight", device.client.getInFlightMessageCount());
            List<String> top = new ArrayList<>();
            stacks.forEach((name, stack) -> {
                if (name.contains(device.id)) {
                    top.add(name + ": " + java.util.Arrays.stream(stack).limit(6).map(String::valueOf).toList());
                }
            });
            d.put("threads", top);
            silent.add(d);
        }
        return silent;
    }

    /** One device: answers each command at once. */
    private final class Device implements MqttCallback {
        private final MqttAsyncClient client;
        private final String id;
        private final String responseTopic;
        private final AtomicLong total = new AtomicLong();
        private final AtomicLong sinceReset = new AtomicLong();
        private volatile long answeringSince;
        private final ExecutorService answering;

        Device(MqttAsyncClient client, String id) {
            this.client = client;
            this.id = id;
            this.responseTopic = "device/" + id + "/response";
            this.answering = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "answer " + id);
                t.setDaemon(true);
                return t;
            });
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            long now = System.nanoTime();
            commands.incrementAndGet();
            total.incrementAndGet();
            sinceReset.incrementAndGet();
            String commandId = commandId(message.getPayload());
            if (commandId == null) {
                unreadable.incrementAndGet();
                return;
            }
            if (received.putIfAbsent(commandId, now) != null) {
                duplicates.incrementAndGet();
            }
            byte[] response = bytes("{\"commandId\":\"" + commandId + "\",\"success\":true,\"result\":{}}");
            answering.execute(() -> answer(response));
        }

        /** Publishes an answer, waiting while the in-flight window is full (on the answering thread, see above). */
        private void answer(byte[] response) {
            answeringSince = System.nanoTime();
            try {
                while (true) {
                    try {
                        client.publish(responseTopic, response, 1, false);
                        answers.incrementAndGet();
                        return;
                    } catch (MqttException e) {
                        if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                            throw e;
                        }
                        Thread.sleep(0, 200_000);
                    }
                }
            } catch (MqttException e) {
                answerFailures.incrementAndGet();
                firstError.compareAndSet(null, id + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                answeringSince = 0;
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            firstError.compareAndSet(null, id + " disconnected: " + response);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            firstError.compareAndSet(null, id + ": " + exception);
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
    }

    /** The string value of {@code "commandId":"…"} in a payload (no escapes: ids are UUIDs or our own), or null. */
    static String commandId(byte[] payload) {
        outer:
        for (int i = 0; i + COMMAND_ID.length < payload.length; i++) {
            for (int j = 0; j < COMMAND_ID.length; j++) {
                if (payload[i + j] != COMMAND_ID[j]) {
                    continue outer;
                }
            }
            int start = i + COMMAND_ID.length;
            for (int end = start; end < payload.length; end++) {
                if (payload[end] == '"') {
                    return end == start ? null : new String(payload, start, end - start, StandardCharsets.US_ASCII);
                }
                if (payload[end] == '\\') {
                    return null;
                }
            }
            return null;
        }
        return null;
    }

    private static String statusTopic(String id) {
        return "device/" + id + "/status";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        devices.forEach(d -> d.answering.shutdownNow());
        for (MqttAsyncClient client : clients) {
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
}
