package dev.caravan.demo;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.caravan.mqtt.DeviceTopic;
import dev.caravan.mqtt.TopicKind;

/**
 * A simulated display speaking the canonical protocol as a real one would: retained status with a Last Will,
 * periodic telemetry (cpu, memory, uptime, temperature, brightness), and answers to commands.
 */
class DemoDisplay implements MqttCallback {

    private static final Logger LOG = LoggerFactory.getLogger(DemoDisplay.class);

    private final String id;
    private final int index;
    private final MqttAsyncClient client;
    private final ObjectMapper mapper;
    private final Random random;
    private final long startedAt = System.currentTimeMillis();
    private double cpu = 20;
    private int brightness = 80;
    private ScheduledFuture<?> telemetry;

    DemoDisplay(String id, int index, String brokerUrl, ObjectMapper mapper) throws MqttException {
        this.id = id;
        this.index = index;
        this.mapper = mapper;
        this.random = new Random(id.hashCode());
        this.client = new MqttAsyncClient(brokerUrl, id, new MemoryPersistence());
        client.setCallback(this);
    }

    String id() {
        return id;
    }

    void start(ScheduledExecutorService scheduler, long intervalMs, String username, String password)
            throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        options.setKeepAliveInterval(30);
        if (username != null && !username.isBlank()) {
            options.setUserName(username);
            options.setPassword(password == null ? new byte[0] : password.getBytes(StandardCharsets.UTF_8));
        }
        MqttMessage will = new MqttMessage("{\"state\":\"offline\"}".getBytes(StandardCharsets.UTF_8), 1, true,
                new MqttProperties());
        options.setWill(DeviceTopic.of(id, TopicKind.STATUS), will);
        client.connect(options).waitForCompletion(10_000);
        telemetry = scheduler.scheduleAtFixedRate(this::publishTelemetry, intervalMs / 4 * (index % 4), intervalMs,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        try {
            client.subscribe(DeviceTopic.of(id, TopicKind.COMMAND), 1);
            ObjectNode status = mapper.createObjectNode().put("state", "online").put("version", "1.4.2")
                    .put("ip", "10.20.0." + (10 + index));
            publish(TopicKind.STATUS, status, true);
        } catch (MqttException e) {
            LOG.warn("demo display {} could not subscribe: {}", id, e.getMessage());
        }
    }

    private void publishTelemetry() {
        if (!client.isConnected()) {
            return;
        }
        cpu = Math.max(2, Math.min(98, cpu + random.nextGaussian() * 6));
        ObjectNode values = mapper.createObjectNode()
                .put("cpu", Math.round(cpu * 10) / 10.0)
                .put("memory", 480 + random.nextInt(90))
                .put("uptime", (System.currentTimeMillis() - startedAt) / 1000)
                .put("temperature", Math.round((34 + cpu / 10 + random.nextGaussian()) * 10) / 10.0)
                .put("brightness", brightness);
        publish(TopicKind.TELEMETRY, values, false);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        ObjectNode response = mapper.createObjectNode();
        try {
            JsonNode command = mapper.readTree(message.getPayload());
            response.put("commandId", command.path("commandId").asText());
            String type = command.path("type").asText();
            switch (type) {
                case "PING" -> response.put("success", true).putObject("result").put("pong", true);
                case "RELOAD", "REBOOT" -> response.put("success", true).putObject("result").put("done", type);
                case "SET_BRIGHTNESS" -> {
                    int value = command.path("params").path("brightness").asInt(-1);
                    if (value < 0 || value > 100) {
                        response.put("success", false).putObject("error").put("code", "INVALID_PARAMS")
                                .put("message", "params.brightness must be 0 to 100");
                    } else {
                        brightness = value;
                        response.put("success", true).putObject("result").put("brightness", value);
                    }
                }
                default -> response.put("success", false).putObject("error").put("code", "UNSUPPORTED_COMMAND")
                        .put("message", "a demo display does not know " + type);
            }
        } catch (Exception e) {
            response.put("success", false).putObject("error").put("code", "BAD_COMMAND").put("message",
                    e.getMessage());
        }
        publish(TopicKind.RESPONSE, response, false);
    }

    private void publish(TopicKind kind, ObjectNode payload, boolean retained) {
        try {
            client.publish(DeviceTopic.of(id, kind), payload.toString().getBytes(StandardCharsets.UTF_8), 1,
                    retained);
        } catch (MqttException e) {
            LOG.debug("demo display {} could not publish {}: {}", id, kind, e.getMessage());
        }
    }

    /** A clean stop: the display says it goes offline (a crash would leave that to its Last Will). */
    void stop() {
        if (telemetry != null) {
            telemetry.cancel(false);
        }
        try {
            if (client.isConnected()) {
                publish(TopicKind.STATUS, mapper.createObjectNode().put("state", "offline"), true);
                client.disconnect().waitForCompletion(5_000);
            }
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("demo display {} stop: {}", id, e.getMessage());
        }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        LOG.debug("demo display {} disconnected: {}", id, response);
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        LOG.debug("demo display {} error: {}", id, exception.getMessage());
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
    }
}
