package dev.caravan.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

import dev.caravan.runtime.InstanceId;

/**
 * Every outbound publish of the hub goes through this pool: a fixed set of MQTT clients used in rotation, each
 * reconnecting by itself. A publish is complete when the broker has acknowledged it (PUBACK for QoS 1).
 *
 * <p>Each client has a window of {@code max-inflight} unacknowledged publishes (the broker's Receive Maximum); a
 * publish waits up to {@code publish-timeout} for room in some connected client's window.
 */
@Service
public class MqttConnectionPoolService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MqttConnectionPoolService.class);

    private final List<PooledClient> clients = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final ScheduledExecutorService connector = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mqtt-pool-connector");
        t.setDaemon(true);
        return t;
    });
    private final dev.caravan.mqtt.MqttProperties properties;
    private final Counter published;
    private final Counter failed;

    private final OutboundGuard guard;

    /** A pool whose publishes nothing checks (tests of the pool itself). */
    public MqttConnectionPoolService(dev.caravan.mqtt.MqttProperties properties, InstanceId instanceId,
                                     MeterRegistry meters) {
        this(properties, instanceId, meters, OutboundGuard.NONE);
    }

    @Autowired
    public MqttConnectionPoolService(dev.caravan.mqtt.MqttProperties properties, InstanceId instanceId,
                                     MeterRegistry meters, OutboundGuard guard) {
        this.properties = properties;
        this.guard = guard;
        this.published = meters.counter("caravan.mqtt.published", "result", "ok");
        this.failed = meters.counter("caravan.mqtt.published", "result", "failed");
        int size = Math.max(1, properties.pool().size());
        for (int i = 1; i <= size; i++) {
            String clientId = "caravan-" + instanceId.value() + "-pub-" + i;
            try {
                MqttAsyncClient client = new MqttAsyncClient(properties.brokerUrl(), clientId, new MemoryPersistence());
                PooledClient pooled = new PooledClient(client, new Semaphore(properties.pool().maxInflight()));
                clients.add(pooled);
                connect(pooled, 0);
            } catch (MqttException e) {
                throw new IllegalStateException("cannot create MQTT client for " + properties.brokerUrl(), e);
            }
        }
        Gauge.builder("caravan.mqtt.pool.connected", this, MqttConnectionPoolService::connectedClients)
                .description("connected clients of the outbound MQTT pool").register(meters);
    }

    /** Publishes and completes when the broker has acknowledged the message (immediately for QoS 0). */
    public CompletableFuture<Void> publish(String topic, String payload, int qos, boolean retained) {
        return publish(new OutboundMessage(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retained, null));
    }

    public CompletableFuture<Void> publish(OutboundMessage outbound) {
        String topic = outbound.topic();
        CompletableFuture<Void> result = new CompletableFuture<>();
        PooledClient pooled;
        try {
            guard.check(outbound);
            pooled = acquire();
        } catch (MqttPublishException e) {
            failed.increment();
            result.completeExceptionally(e);
            return result;
        }
        MqttProperties mqttProperties = new MqttProperties();
        if (outbound.messageExpiry() != null) {
            mqttProperties.setMessageExpiryInterval(Math.max(1, outbound.messageExpiry().toSeconds()));
        }
        MqttMessage message = new MqttMessage(outbound.payload(), outbound.qos(), outbound.retained(), mqttProperties);
        try {
            pooled.client.publish(topic, message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    pooled.window.release();
                    published.increment();
                    result.complete(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    pooled.window.release();
                    failed.increment();
                    result.completeExceptionally(new MqttPublishException("publish to " + topic + " failed: "
                            + exception.getMessage(), exception));
                }
            });
        } catch (MqttException e) {
            pooled.window.release();
            failed.increment();
            result.completeExceptionally(new MqttPublishException("publish to " + topic + " failed: "
                    + e.getMessage(), e));
        }
        return result;
    }

    /** A connected client with room in its window, in rotation; waits for room if all windows are full. */
    private PooledClient acquire() {
        int n = clients.size();
        int start = Math.floorMod(next.getAndIncrement(), n);
        PooledClient firstConnected = null;
        for (int i = 0; i < n; i++) {
            PooledClient candidate = clients.get((start + i) % n);
            if (!candidate.client.isConnected()) {
                continue;
            }
            if (candidate.window.tryAcquire()) {
                return candidate;
            }
            if (firstConnected == null) {
                firstConnected = candidate;
            }
        }
        if (firstConnected == null) {
            throw new MqttPublishException("no connection to the MQTT broker " + properties.brokerUrl(), null);
        }
        try {
            long timeout = properties.pool().publishTimeout().toMillis();
            if (firstConnected.window.tryAcquire(timeout, TimeUnit.MILLISECONDS)) {
                return firstConnected;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new MqttPublishException("the MQTT broker did not acknowledge publishes in time (window full)", null);
    }

    public int connectedClients() {
        return (int) clients.stream().filter(c -> c.client.isConnected()).count();
    }

    public int size() {
        return clients.size();
    }

    private void connect(PooledClient pooled, int attempt) {
        MqttConnectionOptions options = MqttOptions.create(properties);
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        try {
            pooled.client.connect(options, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    LOG.debug("pool client {} connected", pooled.client.getClientId());
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    retry(pooled, attempt, exception);
                }
            });
        } catch (MqttException e) {
            retry(pooled, attempt, e);
        }
    }

    /** Paho reconnects by itself only after a first successful connect; until then we retry with backoff. */
    private void retry(PooledClient pooled, int attempt, Throwable cause) {
        if (connector.isShutdown()) {
            return;
        }
        long delay = Math.min(30_000, 500L << Math.min(attempt, 6));
        if (attempt == 0 || attempt % 10 == 0) {
            LOG.warn("MQTT pool client {} cannot connect to {} ({}); retrying", pooled.client.getClientId(),
                    properties.brokerUrl(), cause.getMessage());
        }
        connector.schedule(() -> connect(pooled, attempt + 1), delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        connector.shutdownNow();
        for (PooledClient pooled : clients) {
            try {
                if (pooled.client.isConnected()) {
                    pooled.client.disconnect().waitForCompletion(5_000);
                }
                pooled.client.close(true);
            } catch (MqttException e) {
                LOG.debug("closing pool client {}: {}", pooled.client.getClientId(), e.getMessage());
            }
        }
    }

    private record PooledClient(MqttAsyncClient client, Semaphore window) {
    }
}
