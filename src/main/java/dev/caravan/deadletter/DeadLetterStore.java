package dev.caravan.deadletter;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.caravan.mqtt.CaravanHeaders;
import dev.caravan.mqtt.DeviceTopic;

/**
 * Writes refused messages to the {@code dead_letters} table, in batches, and counts them by reason
 * ({@code caravan_deadletters_total}). Logs the first of each reason, then at most one line per reason every ten
 * seconds, so that a flood of bad input does not flood the log.
 */
@Component
public class DeadLetterStore {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);
    private static final long LOG_INTERVAL_MS = 10_000;
    private static final int MAX_DETAIL = 2000;
    private static final int MAX_DEVICE_ID = 128;

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;
    private final int maxStoredPayload;
    private final Map<DeadLetterReason, Counter> counters = new EnumMap<>(DeadLetterReason.class);
    private final Map<DeadLetterReason, Long> lastLogged = new ConcurrentHashMap<>();

    public DeadLetterStore(JdbcTemplate jdbc, DeadLetterProperties properties, MeterRegistry meters,
                           ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
        this.maxStoredPayload = properties.maxStoredPayloadBytes();
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            counters.put(reason, Counter.builder("caravan.deadletters").tag("reason", reason.name())
                    .description("inbound messages refused and stored as dead letters").register(meters));
        }
    }

    /** The dead letter for an exchange whose processing failed; its message is the original one. */
    public DeadLetter fromExchange(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String topic = exchange.getMessage().getHeader(CaravanHeaders.TOPIC, String.class);
        String source = exchange.getMessage().getHeader(CaravanHeaders.SOURCE, "mqtt", String.class);
        byte[] payload = exchange.getMessage().getBody(byte[].class);
        int size = payload == null ? 0 : payload.length;
        byte[] kept = payload == null ? null : Arrays.copyOf(payload, Math.min(size, maxStoredPayload));
        String deviceId = DeviceTopic.rawDeviceId(topic);
        if (deviceId != null && deviceId.length() > MAX_DEVICE_ID) {
            deviceId = deviceId.substring(0, MAX_DEVICE_ID);
        }
        return new DeadLetter(Instant.now(), source, topic, deviceId, reasonOf(failure), detailOf(failure), kept, size);
    }

    static DeadLetterReason reasonOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidMessageException invalid) {
                return invalid.reason();
            }
            if (t instanceof DataIntegrityViolationException) {
                return DeadLetterReason.STORAGE_REJECTED;
            }
        }
        return DeadLetterReason.INTERNAL_ERROR;
    }

    private static String detailOf(Throwable failure) {
        if (failure == null) {
            return null;
        }
        String detail = failure instanceof InvalidMessageException ? failure.getMessage() : failure.toString();
        return detail != null && detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail;
    }

    public void write(List<DeadLetter> letters) {
        jdbc.batchUpdate("""
                insert into dead_letters (received_at, source, topic, device_id, reason, detail, payload, payload_size)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                """, letters, letters.size(), (ps, letter) -> {
            ps.setTimestamp(1, Timestamp.from(letter.receivedAt()));
            ps.setString(2, letter.source());
            ps.setString(3, letter.topic());
            ps.setString(4, letter.deviceId());
            ps.setString(5, letter.reason().name());
            ps.setString(6, letter.detail());
            ps.setBytes(7, letter.payload());
            ps.setInt(8, letter.payloadSize());
        });
        for (DeadLetter letter : letters) {
            counters.get(letter.reason()).increment();
            logRateLimited(letter);
            events.publishEvent(new DeadLetterStored(letter));
        }
    }

    public double count(DeadLetterReason reason) {
        return counters.get(reason).count();
    }

    private void logRateLimited(DeadLetter letter) {
        long now = System.currentTimeMillis();
        Long last = lastLogged.get(letter.reason());
        if (last == null || now - last >= LOG_INTERVAL_MS) {
            lastLogged.put(letter.reason(), now);
            LOG.warn("Dead letter {} on {}: {} (further ones of this reason are counted in"
                    + " caravan_deadletters_total and listed at /api/deadletters)", letter.reason(), letter.topic(),
                    letter.detail());
        }
    }
}
