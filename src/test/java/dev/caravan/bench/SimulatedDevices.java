package dev.caravan.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

import dev.caravan.mqtt.NoDelaySocketFactory;

/**
 * K devices, one MQTT 5 connection each (Paho async client), publishing at QoS 1 as fast as the broker's flow
 * control lets them: each keeps as many publishes unacknowledged as the broker's Receive Maximum allows (from its
 * CONNACK) and sends the next one when a PUBACK frees a slot.
 */
final class SimulatedDevices implements AutoCloseable {

    private final List<MqttAsyncClient> clients = new ArrayList<>();
    private final List<String> ids;
    private int receiveMaximum = Integer.MAX_VALUE;

    SimulatedDevices(String brokerUrl, List<String> ids, boolean tcpNoDelay) throws MqttException {
        this.ids = ids;
        List<IMqttToken> connecting = new ArrayList<>();
        for (String id : ids) {
            MqttAsyncClient client = new MqttAsyncClient(brokerUrl, id, new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            options.setSessionExpiryInterval(0L);
            options.setKeepAliveInterval(60);
            options.setConnectionTimeout(30);
            if (tcpNoDelay) {
                options.setSocketFactory(NoDelaySocketFactory.INSTANCE);
            }
            clients.add(client);
            connecting.add(client.connect(options));
        }
        for (IMqttToken token : connecting) {
            token.waitForCompletion(30_000);
            Integer max = token.getResponseProperties() == null ? null
                    : token.getResponseProperties().getReceiveMaximum();
            receiveMaximum = Math.min(receiveMaximum, max == null ? 65_535 : max);
        }
    }

    /** The broker's Receive Maximum: publishes a device may have unacknowledged. */
    int receiveMaximum() {
        return receiveMaximum;
    }

    /** Timing of one publishing run. */
    record Run(long startNanos, long allAckedNanos, long acked, long failed, String firstError) {
    }

    /**
     * Publishes message i of {@code payloads} from device {@code i % K} to {@code topicPattern} (with {@code %s} for
     * the device id), all devices at once; returns when every publish is acknowledged or has failed.
     *
     * @param onStart called with the start time (System.nanoTime) right before the first publish
     */
    Run publish(String topicPattern, byte[][] payloads, Duration maxWait, LongConsumer onStart)
            throws InterruptedException {
        int k = clients.size();
        int n = payloads.length;
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(n);
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int d = 0; d < k; d++) {
            int device = d;
            MqttAsyncClient client = clients.get(d);
            String topic = String.format(topicPattern, ids.get(d));
            Semaphore window = new Semaphore(receiveMaximum);
            MqttActionListener listener = new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    acked.incrementAndGet();
                    window.release();
                    done.countDown();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    failed.incrementAndGet();
                    firstError.compareAndSet(null, String.valueOf(e));
                    window.release();
                    done.countDown();
                }
            };
            Thread thread = new Thread(() -> {
                int i = device;
                try {
                    go.await();
                    for (; i < n; i += k) {
                        window.acquire();
                        send(client, topic, payloads[i], listener);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (MqttException e) {
                    firstError.compareAndSet(null, e.toString());
                    // this device's remaining messages (the refused one included) are failed: the run still ends
                    for (; i < n; i += k) {
                        failed.incrementAndGet();
                        done.countDown();
                    }
                }
            }, "publisher-" + d);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        long start = System.nanoTime();
        onStart.accept(start);
        go.countDown();
        if (!done.await(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
            firstError.compareAndSet(null, done.getCount() + " publishes unacknowledged after " + maxWait);
        }
        long end = System.nanoTime();
        return new Run(start, end, acked.get(), failed.get(), firstError.get());
    }

    /** A publish; when Paho's own window is momentarily full (its count lags our semaphore), try again. */
    private static void send(MqttAsyncClient client, String topic, byte[] payload, MqttActionListener listener)
            throws MqttException, InterruptedException {
        while (true) {
            try {
                client.publish(topic, payload, 1, false, null, listener);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                    throw e;
                }
                Thread.sleep(0, 200_000);
            }
        }
    }

    @Override
    public void close() {
        for (MqttAsyncClient client : clients) {
            try {
                if (client.isConnected()) {
                    client.disconnect(5_000).waitForCompletion(5_000);
                }
                client.close(true);
            } catch (MqttException e) {
                // shutting down anyway
            }
        }
    }
}
