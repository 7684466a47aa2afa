package dev.caravan.component.sunspec.gateway;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
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

import dev.caravan.component.sunspec.SunSpecComponent;
import dev.caravan.component.sunspec.SunSpecControlException;
import dev.caravan.mqtt.CaravanHeaders;
import dev.caravan.mqtt.DeviceTopic;
import dev.caravan.mqtt.MqttPublisher;
import dev.caravan.support.Json;

/**
 * Control commands for the SunSpec devices this hub polls (route {@code sunspec-commands}, camel/sunspec.yaml):
 * {@code {"type":"WRITE","commandId":"…","params":{"model":123,"point":"WMaxLimPct","value":75}}} becomes a write
 * of the sunspec: producer, confirmed by reading the model back; the outcome goes to {@code device/{id}/response}.
 * A command delivered twice (MQTT QoS 1) gets its first outcome again, never a second write.
 */
@Component("sunspecCommands")
public class SunSpecCommands {

    /** The device's endpoint, for the route's toD. */
    public static final String ENDPOINT = "CaravanSunSpecEndpoint";
    /** Set when the command was answered without going to the device (a duplicate). */
    public static final String ANSWERED = "CaravanSunSpecAnswered";
    static final String COMMAND_ID = "CaravanSunSpecCommandId";

    private static final Logger LOG = LoggerFactory.getLogger(SunSpecCommands.class);

    private final SunSpecComponent component;
    private final ObjectMapper mapper;
    private final Counter unanswerable;
    private final Cache<String, String> answered = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofHours(1)).build();

    public SunSpecCommands(SunSpecComponent component, ObjectMapper mapper, MeterRegistry meters) {
        this.component = component;
        this.mapper = mapper;
        this.unanswerable = Counter.builder("caravan.sunspec.commands.refused")
                .description("Commands for SunSpec devices without a commandId: they cannot be answered")
                .register(meters);
    }

    /** True for a command to a device this hub polls; the others are someone else's. */
    public boolean handles(Exchange exchange) {
        String deviceId = deviceId(exchange.getMessage());
        return deviceId != null && component.polledDevice(deviceId).isPresent();
    }

    /** Reads the command into the producer's body ({@code model}, {@code point}, {@code value}) and endpoint. */
    public void prepare(Exchange exchange) throws IOException, SunSpecControlException {
        Message message = exchange.getMessage();
        String deviceId = deviceId(message);
        message.setHeader(MqttPublisher.TOPIC, "device/" + deviceId + "/response");
        JsonNode command = mapper.readTree(message.getBody(byte[].class));
        String commandId = command.path("commandId").asText("");
        if (commandId.isBlank()) {
            throw new SunSpecControlException("BAD_COMMAND", "a command needs a commandId", null);
        }
        message.setHeader(COMMAND_ID, commandId);
        String earlier = answered.getIfPresent(commandId);
        if (earlier != null) {
            message.setHeader(ANSWERED, true);
            message.setBody(earlier);
            return;
        }
        notExpired(command.path("expiresAt"));
        if (!"WRITE".equalsIgnoreCase(command.path("type").asText())) {
            throw new SunSpecControlException("UNSUPPORTED", "type '" + command.path("type").asText()
                    + "': a SunSpec device takes WRITE {\"model\":123,\"point\":\"WMaxLimPct\",\"value\":75}", null);
        }
        JsonNode params = command.path("params");
        if (!params.isObject()) {
            throw new SunSpecControlException("BAD_COMMAND", "params: {\"model\":…,\"point\":…,\"value\":…}", null);
        }
        message.setBody(mapper.convertValue(params, Map.class));
        message.setHeader(ENDPOINT, component.polledDevice(deviceId).orElseThrow().getEndpointUri());
    }

    /** The response to a write confirmed by the device: the model, point and value read back. */
    public void succeeded(Exchange exchange) {
        Map<String, Object> response = response(exchange.getMessage(), true);
        response.put("result", exchange.getMessage().getBody());
        answer(exchange.getMessage(), response);
    }

    /**
     * The response to a command that failed, with the code of {@link SunSpecControlException} or BAD_COMMAND. A
     * command without a commandId cannot be answered: it is counted and logged.
     */
    public void failed(Exchange exchange) {
        Message message = exchange.getMessage();
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String code = failure instanceof SunSpecControlException control ? control.code() : "BAD_COMMAND";
        String text = failure == null ? "failed" : String.valueOf(failure.getMessage());
        if (message.getHeader(COMMAND_ID) == null) {
            unanswerable.increment();
            message.removeHeader(MqttPublisher.TOPIC);
            LOG.warn("a command on {} was not answered: {} ({})", message.getHeader(CaravanHeaders.TOPIC), text, code);
            return;
        }
        Map<String, Object> response = response(message, false);
        response.put("error", Map.of("code", code, "message", text.length() > 1000 ? text.substring(0, 1000) : text));
        answer(message, response);
    }

    private static Map<String, Object> response(Message message, boolean success) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("commandId", message.getHeader(COMMAND_ID));
        response.put("success", success);
        return response;
    }

    private void answer(Message message, Map<String, Object> response) {
        String json = Json.write(mapper, response);
        answered.put(String.valueOf(response.get("commandId")), json);
        message.setBody(json);
    }

    private static String deviceId(Message message) {
        return DeviceTopic.rawDeviceId(message.getHeader(CaravanHeaders.TOPIC, String.class));
    }

    private static void notExpired(JsonNode expiresAt) throws SunSpecControlException {
        if (expiresAt.isMissingNode() || expiresAt.isNull()) {
            return;
        }
        Instant deadline;
        try {
            deadline = Instant.parse(expiresAt.asText());
        } catch (DateTimeParseException e) {
            throw new SunSpecControlException("BAD_COMMAND", "expiresAt: not an ISO-8601 time: " + expiresAt, e);
        }
        if (deadline.isBefore(Instant.now())) {
            throw new SunSpecControlException("EXPIRED", "expired at " + deadline + ": not carried out", null);
        }
    }
}
