package dev.caravan.component.modbus.gateway;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.caravan.component.modbus.ModbusComponent;
import dev.caravan.component.modbus.ModbusConstants;
import dev.caravan.component.modbus.ModbusRequestException;
import dev.caravan.mqtt.CaravanHeaders;
import dev.caravan.mqtt.DeviceTopic;
import dev.caravan.mqtt.MqttPublisher;
import dev.caravan.support.Json;

/**
 * Canonical commands for the Modbus devices this hub polls (route {@code modbus-commands}, camel/modbus.yaml):
 * {@code {"type":"WRITE","commandId":"…","params":{"point":"relay1","value":true}}} writes a point of the device's
 * profile, {@code READ} with {@code params.point} reads one; the outcome goes to {@code device/{id}/response}. A
 * write is never repeated: a command delivered twice (MQTT QoS 1) gets the first outcome again, and a write that
 * timed out is reported as such, since the device may or may not have applied it.
 */
@Component("modbusCommands")
public class ModbusCommands {

    /** The endpoint of the device, for the route's toD. */
    public static final String ENDPOINT = "CaravanModbusEndpoint";
    /** Set when the command was answered without going to the device (a duplicate). */
    public static final String ANSWERED = "CaravanModbusAnswered";
    static final String COMMAND_ID = "CaravanModbusCommandId";

    private static final Logger LOG = LoggerFactory.getLogger(ModbusCommands.class);

    private final ModbusComponent component;
    private final ObjectMapper mapper;
    private final Counter refused;
    private final Cache<String, String> outcomes = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofHours(1)).build();

    public ModbusCommands(ModbusComponent component, ObjectMapper mapper, MeterRegistry meters) {
        this.component = component;
        this.mapper = mapper;
        this.refused = Counter.builder("caravan.modbus.commands.refused")
                .description("Commands for Modbus devices that could not be read as a command").register(meters);
    }

    /** True for a command to a device this hub polls; the other commands are for someone else. */
    public boolean handles(Exchange exchange) {
        String deviceId = DeviceTopic.rawDeviceId(exchange.getMessage().getHeader(CaravanHeaders.TOPIC, String.class));
        return deviceId != null && component.polledDevice(deviceId).isPresent();
    }

    /** Reads the command and sets up the request: header {@value #ENDPOINT}, the point header, the value. */
    public void prepare(Exchange exchange) throws IOException, ModbusRequestException {
        Message message = exchange.getMessage();
        String deviceId = DeviceTopic.rawDeviceId(message.getHeader(CaravanHeaders.TOPIC, String.class));
        JsonNode command = mapper.readTree(message.getBody(byte[].class));
        String commandId = command.path("commandId").asText(null);
        message.setHeader(COMMAND_ID, commandId);
        message.setHeader(MqttPublisher.TOPIC, "device/" + deviceId + "/response");
        if (commandId == null || commandId.isBlank()) {
            throw new ModbusRequestException("BAD_COMMAND", "a command needs a commandId", null);
        }
        String previous = outcomes.getIfPresent(commandId);
        if (previous != null) {
            message.setHeader(ANSWERED, true);
            message.setBody(previous);
            return;
        }
        expiry(command);
        String type = command.path("type").asText("").toUpperCase(Locale.ROOT);
        JsonNode params = command.path("params");
        String point = params.path("point").asText(null);
        if (point == null) {
            throw new ModbusRequestException("BAD_COMMAND", "params.point: required (a point of the profile)", null);
        }
        switch (type) {
            case "WRITE" -> {
                if (!params.has("value") || params.get("value").isNull() || params.get("value").isContainerNode()) {
                    throw new ModbusRequestException("BAD_COMMAND", "params.value: required, a number, boolean or"
                            + " string", null);
                }
                message.setBody(mapper.treeToValue(params.get("value"), Object.class));
            }
            case "READ" -> message.setBody(null);
            default -> throw new ModbusRequestException("UNSUPPORTED", "type '" + command.path("type").asText()
                    + "': a Modbus device takes WRITE or READ", null);
        }
        message.setHeader(ModbusConstants.POINT, point);
        message.setHeader(ENDPOINT, component.polledDevice(deviceId).orElseThrow().getEndpointUri());
    }

    /** The response to a command carried out: the point and its value (written, or read). */
    public void succeeded(Exchange exchange) {
        Message message = exchange.getMessage();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("point", message.getHeader(ModbusConstants.POINT));
        result.put("value", message.getBody());
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("commandId", message.getHeader(COMMAND_ID));
        response.put("success", true);
        response.put("result", result);
        respond(message, response);
    }

    /**
     * The response to a command that failed, with the code: the device's Modbus exception, TIMEOUT (it may have
     * been applied), UNREACHABLE, BAD_REQUEST (the value does not fit the point), BAD_COMMAND, UNSUPPORTED,
     * EXPIRED. A command without a commandId cannot be answered: it is counted and logged.
     */
    public void failed(Exchange exchange) {
        Message message = exchange.getMessage();
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String code = failure instanceof ModbusRequestException m ? m.code() : "BAD_COMMAND";
        String text = failure == null ? "failed" : String.valueOf(failure.getMessage());
        Object commandId = message.getHeader(COMMAND_ID);
        if (commandId == null) {
            refused.increment();
            message.removeHeader(MqttPublisher.TOPIC);
            LOG.warn("a command on {} was not answered: {} ({})", message.getHeader(CaravanHeaders.TOPIC), text, code);
            return;
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", text.length() > 1000 ? text.substring(0, 1000) : text);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("commandId", commandId);
        response.put("success", false);
        response.put("error", error);
        respond(message, response);
    }

    private void respond(Message message, Map<String, Object> response) {
        String json = Json.write(mapper, response);
        outcomes.put(String.valueOf(response.get("commandId")), json);
        message.setBody(json);
    }

    private static void expiry(JsonNode command) throws ModbusRequestException {
        String expiresAt = command.path("expiresAt").asText(null);
        if (expiresAt == null) {
            return;
        }
        try {
            if (Instant.parse(expiresAt).isBefore(Instant.now())) {
                throw new ModbusRequestException("EXPIRED", "expired at " + expiresAt + ": not carried out", null);
            }
        } catch (DateTimeParseException e) {
            throw new ModbusRequestException("BAD_COMMAND", "expiresAt: not an ISO-8601 time: " + expiresAt, e);
        }
    }
}
