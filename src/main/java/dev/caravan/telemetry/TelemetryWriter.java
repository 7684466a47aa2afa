package dev.caravan.telemetry;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.caravan.status.LastSeenStore;
import dev.caravan.support.OrderedBackgroundTasks;

/**
 * Writes a batch of telemetry durably to PostgreSQL (the batch's messages are acknowledged once this returns), and
 * hands the newest values and last-seen times to Redis on a thread of their own, so that acknowledgements do not
 * wait for the hot store. A Redis failure is logged and counted but does not fail the batch: the hot store is
 * rebuilt by the next values, and the API falls back to PostgreSQL.
 */
@Component
public class TelemetryWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryWriter.class);
    private static final long LOG_INTERVAL_MS = 30_000;

    private final TelemetryRepository repository;
    private final LatestValuesStore latest;
    private final LastSeenStore lastSeen;
    private final Counter messagesStored;
    private final Counter pointsStored;
    private final Counter duplicates;
    private final Counter hotStoreFailures;
    private final DistributionSummary batchSizes;
    private final Timer ingestLatency;
    private volatile long lastHotStoreLog;
    private final OrderedBackgroundTasks hotStore = new OrderedBackgroundTasks("telemetry-hotstore", 64);

    public TelemetryWriter(TelemetryRepository repository, LatestValuesStore latest, LastSeenStore lastSeen,
                           MeterRegistry meters) {
        this.repository = repository;
        this.latest = latest;
        this.lastSeen = lastSeen;
        this.messagesStored = Counter.builder("caravan.telemetry.messages.stored")
                .description("telemetry messages durably stored").register(meters);
        this.pointsStored = Counter.builder("caravan.telemetry.points.stored")
                .description("telemetry values (data points) durably stored").register(meters);
        this.duplicates = Counter.builder("caravan.telemetry.points.duplicate")
                .description("values already stored (QoS 1 redelivery), skipped").register(meters);
        this.hotStoreFailures = Counter.builder("caravan.telemetry.hotstore.failures")
                .description("batches whose latest values could not be written to Redis").register(meters);
        this.batchSizes = DistributionSummary.builder("caravan.telemetry.batch.size")
                .description("messages per database write").register(meters);
        this.ingestLatency = Timer.builder("caravan.telemetry.ingest.latency")
                .description("from receipt by the hub to durable storage").publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    public void write(List<TelemetryMessage> batch) {
        int points = batch.stream().mapToInt(m -> m.values().size()).sum();
        int inserted = repository.insert(batch);
        Instant now = Instant.now();
        messagesStored.increment(batch.size());
        pointsStored.increment(inserted);
        duplicates.increment(points - inserted);
        batchSizes.record(batch.size());
        for (TelemetryMessage message : batch) {
            ingestLatency.record(java.time.Duration.between(message.receivedAt(), now));
        }
        hotStore.run(() -> updateHotStore(batch));
    }

    @Override
    public void close() throws InterruptedException {
        hotStore.close();
    }

    private void updateHotStore(List<TelemetryMessage> batch) {
        try {
            latest.update(batch);
            Map<String, Instant> seen = new HashMap<>();
            for (TelemetryMessage message : batch) {
                seen.merge(message.deviceId(), message.receivedAt(), (a, b) -> a.isAfter(b) ? a : b);
            }
            lastSeen.seen(seen);
        } catch (RuntimeException e) {
            hotStoreFailures.increment();
            long now = System.currentTimeMillis();
            if (now - lastHotStoreLog > LOG_INTERVAL_MS) {
                lastHotStoreLog = now;
                LOG.warn("Cannot update latest values in Redis ({}); telemetry is stored in PostgreSQL regardless",
                        e.getMessage());
            }
        }
    }
}
