package dev.caravan.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import dev.caravan.deadletter.DeadLetterReason;
import dev.caravan.deadletter.InvalidMessageException;

class TelemetryParserTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-21T12:00:00Z");
    private final ObjectMapper mapper = new ObjectMapper();
    private final TelemetryParser parser = new TelemetryParser(new TelemetryProperties(100, 1, 100,
            Duration.ofHours(24), 100, Duration.ofHours(1)), new ReceiveClock());

    private TelemetryMessage parse(String json) throws Exception {
        JsonNode node = mapper.readTree(json);
        return parser.parse("dev-1", node, RECEIVED);
    }

    @Test
    void takesEachValueWithItsType() throws Exception {
        TelemetryMessage message = parse("{\"cpu\":40,\"load\":0.75,\"on\":true,\"mode\":\"eco\"}");

        assertThat(message.values()).containsExactly(
                new TelemetryValue("cpu", 40.0, null, null),
                new TelemetryValue("load", 0.75, null, null),
                new TelemetryValue("on", null, true, null),
                new TelemetryValue("mode", null, null, "eco"));
    }

    @Test
    void stampsAMessageWithoutTimestampWithTheHubsClock() throws Exception {
        Instant before = Instant.now();

        Instant ts = parse("{\"cpu\":1}").ts();

        assertThat(ts).isBetween(before.minusMillis(1), Instant.now().plusMillis(1));
    }

    @Test
    void messagesWithoutTimestampFromOneDeviceNeverShareOne() throws Exception {
        java.util.Set<Instant> stamps = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            stamps.add(parse("{\"cpu\":" + i + "}").ts());
        }

        assertThat(stamps).hasSize(1000);
    }

    @Test
    void usesTheDevicesIsoTimestamp() throws Exception {
        TelemetryMessage message = parse("{\"cpu\":1,\"ts\":\"2026-11-21T11:59:58.250+01:00\"}");

        assertThat(message.ts()).isEqualTo(Instant.parse("2026-11-21T10:59:58.250Z"));
        assertThat(message.values()).extracting(TelemetryValue::key).containsExactly("cpu");
    }

    @Test
    void usesTheDevicesEpochMillisecondTimestamp() throws Exception {
        assertThat(parse("{\"cpu\":1,\"ts\":1795262399000}").ts()).isEqualTo(Instant.ofEpochMilli(1795262399000L));
    }

    @Test
    void refusesATimestampMoreThanTheAllowedSkewInTheFuture() {
        assertThatThrownBy(() -> parse("{\"cpu\":1,\"ts\":\"2026-11-23T12:00:00Z\"}"))
                .isInstanceOfSatisfying(InvalidMessageException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.SCHEMA_VIOLATION))
                .hasMessageContaining("in the future");
    }

    @Test
    void refusesAMessageWithATimestampAndNoValues() {
        assertThatThrownBy(() -> parse("{\"ts\":\"2026-11-21T11:00:00Z\"}"))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("no values");
    }

    @Test
    void refusesANumberTooLargeForADouble() {
        assertThatThrownBy(() -> parse("{\"big\":1e400}"))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("out of range");
    }

    @Test
    void showsWholeNumbersAsIntegers() {
        assertThat(TelemetryValue.plain(512.0)).isEqualTo(512L);
        assertThat(TelemetryValue.plain(0.5)).isEqualTo(0.5);
    }
}
