package dev.caravan.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

import dev.caravan.deadletter.DeadLetterReason;
import dev.caravan.deadletter.InvalidMessageException;
import dev.caravan.registry.KnownDevices;

/** The size, JSON and schema checks every inbound payload passes (no broker, no database). */
class PayloadValidationTest {

    private final InboundMessageValidator validator = new InboundMessageValidator(new ObjectMapper(),
            new PayloadSchemas(), mock(KnownDevices.class), new ProtocolProperties(1024), new SimpleMeterRegistry());

    private JsonNode parse(TopicKind kind, String payload) {
        return validator.parse(kind, payload.getBytes(StandardCharsets.UTF_8));
    }

    private static void refused(DeadLetterReason reason, String detail, ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidMessageException.class,
                e -> assertThat(e.reason()).isEqualTo(reason)).hasMessageContaining(detail);
    }

    @Test
    void acceptsTelemetryOfNumbersBooleansAndStringsWithATimestamp() {
        JsonNode json = parse(TopicKind.TELEMETRY,
                "{\"cpu\":40,\"memory\":512.5,\"on\":true,\"mode\":\"eco\",\"ts\":\"2026-11-21T10:00:00Z\"}");

        assertThat(json.get("cpu").asInt()).isEqualTo(40);
    }

    @Test
    void refusesATelemetryValueThatIsAnObject() {
        refused(DeadLetterReason.SCHEMA_VIOLATION, "/cpu", () -> parse(TopicKind.TELEMETRY, "{\"cpu\":{\"a\":1}}"));
    }

    @Test
    void refusesATelemetryValueThatIsNull() {
        refused(DeadLetterReason.SCHEMA_VIOLATION, "/cpu", () -> parse(TopicKind.TELEMETRY, "{\"cpu\":null}"));
    }

    @Test
    void refusesATelemetryTimestampThatIsNotAnIsoTime() {
        refused(DeadLetterReason.SCHEMA_VIOLATION, "/ts",
                () -> parse(TopicKind.TELEMETRY, "{\"cpu\":1,\"ts\":\"yesterday\"}"));
    }

    @Test
    void refusesTelemetryKeysOutsideTheNamingRules() {
        refused(DeadLetterReason.SCHEMA_VIOLATION, "bad key", () -> parse(TopicKind.TELEMETRY, "{\"bad key\":1}"));
    }

    @Test
    void refusesTextThatIsNotJson() {
        refused(DeadLetterReason.INVALID_JSON, "not valid JSON", () -> parse(TopicKind.TELEMETRY, "cpu=40"));
    }

    @Test
    void refusesJsonFollowedByGarbage() {
        refused(DeadLetterReason.INVALID_JSON, "not valid JSON", () -> parse(TopicKind.TELEMETRY, "{\"cpu\":1} trailing"));
    }

    @Test
    void refusesDuplicateKeysInsteadOfPickingOne() {
        refused(DeadLetterReason.INVALID_JSON, "Duplicate", () -> parse(TopicKind.TELEMETRY, "{\"cpu\":1,\"cpu\":2}"));
    }

    @Test
    void refusesJsonThatIsNotAnObject() {
        refused(DeadLetterReason.INVALID_JSON, "object", () -> parse(TopicKind.TELEMETRY, "[1,2,3]"));
    }

    @Test
    void refusesAnEmptyPayload() {
        refused(DeadLetterReason.INVALID_JSON, "empty", () -> parse(TopicKind.TELEMETRY, ""));
    }

    @Test
    void refusesAPayloadOverTheSizeLimitBeforeReadingIt() {
        String big = "{\"text\":\"" + "x".repeat(2000) + "\"}";

        refused(DeadLetterReason.PAYLOAD_TOO_LARGE, "limit of 1024 bytes", () -> parse(TopicKind.TELEMETRY, big));
    }

    @Test
    void acceptsAStatusWithAKnownState() {
        assertThat(parse(TopicKind.STATUS, "{\"state\":\"online\",\"version\":\"1.0.0\",\"ip\":\"10.0.0.5\"}")
                .get("state").asText()).isEqualTo("online");
    }

    @Test
    void refusesAStatusWithAnUnknownState() {
        refused(DeadLetterReason.SCHEMA_VIOLATION, "/state", () -> parse(TopicKind.STATUS, "{\"state\":\"sleepy\"}"));
    }

    @Test
    void refusesAFailedResponseWithoutAnError() {
        refused(DeadLetterReason.SCHEMA_VIOLATION, "error",
                () -> parse(TopicKind.RESPONSE, "{\"commandId\":\"c1\",\"success\":false}"));
    }

    @Test
    void acceptsAnEventWithTypeAndSeverity() {
        assertThat(parse(TopicKind.EVENT, "{\"type\":\"door.open\",\"severity\":\"warning\"}").get("type").asText())
                .isEqualTo("door.open");
    }

    @Test
    void refusesAnEventWithoutType() {
        refused(DeadLetterReason.SCHEMA_VIOLATION, "type", () -> parse(TopicKind.EVENT, "{\"severity\":\"info\"}"));
    }
}
