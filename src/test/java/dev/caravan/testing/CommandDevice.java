package dev.caravan.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A device simulator that receives commands and answers them as its behaviour says: a function from the command to
 * the response (null: no answer). It announces itself online (retained status, Last Will offline) and records every
 * command it receives.
 */
public class CommandDevice implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String id;
    private final MqttAsyncClient client;
    private final Function<JsonNode, ObjectNode> behaviour;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();

    private CommandDevice(String id, MqttAsyncClient client, Function<JsonNode, ObjectNode> behaviour) {
        this.id = id;
        this.client = client;
        this.behaviour = behaviour;
    }

    /** Answers every command with success and {@code {"done": <type>}}. */
    public static Function<JsonNode, ObjectNode> succeeding() {
        return command -> MAPPER.createObjectNode().put("commandId", command.get("commandId").asText())
                .put("success", true).set("result", MAPPER.createObjectNode().put("done", command.get("type").asText()));
    }

    /** Answers every command with a failure of {@code code}. */
    public static Function<JsonNode, ObjectNode> failing(String code) {
        return command -> {
            ObjectNode response = MAPPER.createObjectNode().put("commandId", command.get("commandId").asText())
                    .put("success", false);
            response.putObject("error").put("code", code).put("message", "simulated failure");
            return response;
        };
    }

    /** Never answers. */
    public static Function<JsonNode, ObjectNode> silent() {
        return command -> null;
    }

    public static CommandDevice online(String brokerUrl, String id, Function<JsonNode, ObjectNode> behaviour) {
        try {
            MqttAsyncClient client = new MqttAsyncClient(brokerUrl, id, new MemoryPersistence());
            CommandDevice device = new CommandDevice(id, client, behaviour);
            client.setCallback(device.callback());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            options.setWill("device/" + id + "/status", new MqttMessage("{\"state\":\"offline\"}"
                    .getBytes(StandardCharsets.UTF_8), 1, true, new MqttProperties()));
            client.connect(options).waitForCompletion(10_000);
            client.subscribe("device/" + id + "/command", 1).waitForCompletion(10_000);
            client.publish("device/" + id + "/status", "{\"state\":\"online\"}".getBytes(StandardCharsets.UTF_8), 1,
                    true).waitForCompletion(10_000);
            return device;
        } catch (MqttException e) {
            throw new IllegalStateException("device " + id + " could not connect: " + e, e);
        }
    }

    /** The commands received, in order. */
    public List<JsonNode> received() {
        return received;
    }

    public List<String> receivedIds() {
        return received.stream().map(c -> c.get("commandId").asText()).toList();
    }

    /** Publishes a response as given, for tests that send strays or duplicates themselves. */
    public void respond(String json) {
        try {
            client.publish("device/" + id + "/response", json.getBytes(StandardCharsets.UTF_8), 1, false)
                    .waitForCompletion(10_000);
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        TestDevice.close(client);
    }

    private MqttCallback callback() {
        return (MessageListener) (topic, message) -> {
            JsonNode command = MAPPER.readTree(message.getPayload());
            received.add(command);
            ObjectNode response = behaviour.apply(command);
            if (response != null) {
                client.publish("device/" + id + "/response", response.toString().getBytes(StandardCharsets.UTF_8),
                        1, false);
            }
        };
    }
}
