package dev.caravan.component.sunspec;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.caravan.component.modbus.connection.ModbusConnection;

/**
 * Polls one SunSpec device: discovers its models (SunS at 40000, 0, 50000), then reads every model each interval and
 * sends the route one message per outcome, header {@value SunSpecConstants#KIND}: {@code telemetry} (the mapped
 * values and {@code ts}, with the identity and the discovery's findings as headers), {@code status} (online/offline,
 * on change and every statusInterval) or {@code event} (what discovery or reading ran into). A device that does not
 * answer is tried again with back-off, and discovered anew when it comes back: its models may have changed.
 */
public class SunSpecConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(SunSpecConsumer.class);

    private final SunSpecEndpoint endpoint;
    private final SunSpecConfiguration configuration;
    private final String deviceId;
    private final PollHealth health;
    private final Backoff notSunSpecBackoff;
    private final Set<String> readProblems = new HashSet<>();
    private ModbusConnection connection;
    private ModbusRegisterReader reader;
    private volatile ScheduledFuture<?> next;
    private volatile boolean running;
    private String notSunSpec;
    private long lastStatus;

    SunSpecConsumer(SunSpecEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.configuration = endpoint.getConfiguration();
        this.deviceId = configuration.effectiveDeviceId();
        this.health = new PollHealth(configuration.getOfflineAfter(), configuration.getBackoffInitial(),
                configuration.getBackoffMax());
        this.notSunSpecBackoff = new Backoff(configuration.getBackoffInitial(), configuration.getBackoffMax());
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        connection = endpoint.acquireConnection();
        reader = new ModbusRegisterReader(connection, configuration.getUnitId());
        endpoint.getComponent().polling(deviceId, endpoint);
        running = true;
        scheduleIn(0);
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        ScheduledFuture<?> pending = next;
        if (pending != null) {
            pending.cancel(false);
        }
        if (connection != null) {
            endpoint.getComponent().stoppedPolling(deviceId, endpoint);
            endpoint.releaseConnection(connection);
            connection = null;
        }
        super.doStop();
    }

    private void scheduleIn(long nanos) {
        if (running) {
            next = endpoint.getComponent().pollers().schedule(this::poll, nanos, TimeUnit.NANOSECONDS);
        }
    }

    private void poll() {
        long start = System.nanoTime();
        long answeredBefore = reader.answers();
        long delay;
        try {
            delay = pollOnce();
        } catch (RuntimeException e) {
            // a bug or a broken definition must not end the polling: said once per poll, tried again
            LOG.warn("SunSpec device {}: poll failed: {}", deviceId, e.toString());
            delay = configuration.getInterval().toNanos();
        }
        stats().add(SunSpecStats.Count.ROUNDS);
        if (reader.answers() == answeredBefore) {
            stats().add(SunSpecStats.Count.UNANSWERED_ROUNDS);
        }
        scheduleIn(Math.max(0, delay - (System.nanoTime() - start)));
    }

    /** One round: discovery if needed, then all models. @return nanoseconds from this round's start to the next */
    private long pollOnce() {
        long answered = reader.answers();
        RoundReader round = new RoundReader(reader);
        DiscoveryResult discovery = endpoint.device().discovered().orElse(null);
        if (discovery == null) {
            discovery = endpoint.device().discover(round);
            if (!round.anyAnswered(answered)) {
                return failed(discovery.events().get(0).message());
            }
            if (!round.allAnswered()) {
                // a chain cut short by silence is not the device's chain: found again from the start next time
                endpoint.device().forget();
                return failed("the device stopped answering during discovery");
            }
            if (discovery.baseAddress().isEmpty()) {
                return notSunSpec(discovery.events().get(0));
            }
            answers();
            discovered(discovery);
            answered = reader.answers();
        }
        DeviceReading reading = SunSpecDeviceReader.read(round, discovery.models());
        if (!discovery.models().isEmpty() && !round.anyAnswered(answered)) {
            return failed("no answer reading the models");
        }
        answers();
        if (round.allAnswered()) {
            // models left out because the device went quiet mid-round are not problems of those models
            reportReadProblems(reading.events());
        }
        Map<String, Object> telemetry = telemetry(reading);
        if (telemetry.size() > 1) {
            emit(SunSpecConstants.KIND_TELEMETRY, telemetry, discoveryHeaders(discovery, reading));
        }
        return configuration.getInterval().toNanos();
    }

    private SunSpecStats stats() {
        return endpoint.getComponent().stats();
    }

    private void discovered(DiscoveryResult discovery) {
        stats().add(SunSpecStats.Count.DISCOVERIES);
        notSunSpec = null;
        notSunSpecBackoff.reset();
        LOG.info("SunSpec device {}: SunS at {}, models {}{}", deviceId, discovery.baseAddress().getAsInt(),
                discovery.modelIds(), discovery.events().isEmpty() ? "" : "; " + discovery.events().size()
                        + " problems (events)");
        discovery.events().forEach(this::event);
    }

    private long notSunSpec(DiscoveryEvent event) {
        answers();
        if (!event.message().equals(notSunSpec)) {
            notSunSpec = event.message();
            LOG.warn("SunSpec device {}: {}", deviceId, event.message());
            event(event);
        }
        // it answers but shows no models: looked at again, less and less often
        return notSunSpecBackoff.next();
    }

    private long failed(String reason) {
        PollHealth.Change change = health.failed();
        if (change == PollHealth.Change.OFFLINE) {
            LOG.warn("SunSpec device {} is offline ({}:{} unit {}): {}; tried again with back-off", deviceId,
                    configuration.getHost(), configuration.getPort(), configuration.getUnitId(), reason);
            endpoint.device().forget();
            readProblems.clear();
            emit(SunSpecConstants.KIND_STATUS, Map.of("state", "offline"), Map.of());
        }
        return health.retryIn();
    }

    private void answers() {
        long now = System.nanoTime();
        if (health.succeeded() == PollHealth.Change.ONLINE) {
            LOG.info("SunSpec device {} is online", deviceId);
        } else if (now - lastStatus < configuration.getStatusInterval().toNanos()) {
            return;
        }
        lastStatus = now;
        emit(SunSpecConstants.KIND_STATUS, Map.of("state", "online"), Map.of());
    }

    /** A model that cannot be read or decoded is reported when the problem starts, not at every poll. */
    private void reportReadProblems(List<DiscoveryEvent> events) {
        Set<String> current = new HashSet<>();
        for (DiscoveryEvent event : events) {
            String key = event.kind() + "@" + event.address();
            current.add(key);
            if (!readProblems.contains(key)) {
                event(event);
            }
        }
        readProblems.clear();
        readProblems.addAll(current);
    }

    private Map<String, Object> telemetry(DeviceReading reading) {
        Map<String, Object> body = new LinkedHashMap<>();
        endpoint.getComponent().telemetryMapper().toTelemetry(reading.models()).fields().forEachRemaining(field ->
                body.put(field.getKey(), field.getValue().isNumber() ? field.getValue().numberValue()
                        : field.getValue().asText()));
        body.put("ts", System.currentTimeMillis());
        return body;
    }

    private static Map<String, Object> discoveryHeaders(DiscoveryResult discovery, DeviceReading reading) {
        Map<String, Object> headers = new LinkedHashMap<>();
        SunSpecIdentity.of(reading).ifPresent(identity -> headers.put(SunSpecConstants.IDENTITY,
                DeviceEvents.identity(identity)));
        headers.put(SunSpecConstants.MODELS, discovery.modelIds());
        headers.put(SunSpecConstants.BASE_ADDRESS, discovery.baseAddress().getAsInt());
        headers.put(SunSpecConstants.DISCOVERY_EVENTS, discovery.events().stream().map(DeviceEvents::data)
                .toList());
        return headers;
    }

    private void event(DiscoveryEvent event) {
        stats().add(SunSpecStats.Count.PROBLEMS);
        emit(SunSpecConstants.KIND_EVENT, DeviceEvents.canonical(event), Map.of());
    }

    private void emit(String kind, Map<String, Object> body, Map<String, Object> headers) {
        Exchange exchange = createExchange(true);
        exchange.getMessage().setHeaders(new LinkedHashMap<>(headers));
        exchange.getMessage().setHeader(SunSpecConstants.DEVICE_ID, deviceId);
        exchange.getMessage().setHeader(SunSpecConstants.KIND, kind);
        exchange.getMessage().setBody(body);
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("SunSpec device " + deviceId + ": the route failed on a " + kind
                    + " message", exchange, exchange.getException());
        }
        releaseExchange(exchange, false);
    }
}
