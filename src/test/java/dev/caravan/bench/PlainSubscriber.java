package dev.caravan.bench;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.function.BooleanSupplier;

import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * The broker-only reference: one plain MQTT 5 subscriber (QoS 1, Paho's automatic acknowledgement) that counts the
 * distinct messages it receives, by the sequence number each payload carries in its {@code ts}, and notes when the
 * first and the last arrived.
 */
final class PlainSubscriber extends BenchSubscriber {

    private static final byte[] TS = "\"ts\":".getBytes(StandardCharsets.US_ASCII);

    private final long firstTs;
    private final int expected;
    private final BitSet seen;
    private int distinct;
    private long duplicates;
    private long foreign;
    private long firstArrival;
    private long lastArrival;

    PlainSubscriber(String brokerUrl, String clientId, String filter, long firstTs, int expected, boolean tcpNoDelay)
            throws MqttException {
        super(brokerUrl, clientId, tcpNoDelay);
        this.firstTs = firstTs;
        this.expected = expected;
        this.seen = new BitSet(expected);
        subscribe(filter);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        long now = System.nanoTime();
        long ts = ts(message.getPayload());
        synchronized (this) {
            if (firstArrival == 0) {
                firstArrival = now;
            }
            lastArrival = now;
            long seq = ts - firstTs;
            if (ts < 0 || seq < 0 || seq >= expected) {
                foreign++;
            } else if (seen.get((int) seq)) {
                duplicates++;
            } else {
                seen.set((int) seq);
                distinct++;
                notifyAll();
            }
        }
    }

    /** The integer after {@code "ts":}, or -1. */
    private static long ts(byte[] payload) {
        outer:
        for (int i = 0; i + TS.length < payload.length; i++) {
            for (int j = 0; j < TS.length; j++) {
                if (payload[i + j] != TS[j]) {
                    continue outer;
                }
            }
            long value = 0;
            int p = i + TS.length;
            if (p >= payload.length || payload[p] < '0' || payload[p] > '9') {
                return -1;
            }
            while (p < payload.length && payload[p] >= '0' && payload[p] <= '9') {
                value = value * 10 + (payload[p++] - '0');
            }
            return value;
        }
        return -1;
    }

    /** Waits until every expected message arrived, or until none arrived for {@code idleMillis}. */
    synchronized void awaitAll(long idleMillis, BooleanSupplier publishingDone)
            throws InterruptedException {
        long lastProgress = System.nanoTime();
        int lastCount = distinct;
        while (distinct < expected) {
            wait(200);
            if (distinct != lastCount) {
                lastCount = distinct;
                lastProgress = System.nanoTime();
            } else if (publishingDone.getAsBoolean() && (System.nanoTime() - lastProgress) / 1_000_000 > idleMillis) {
                return;
            }
        }
    }

    synchronized int distinct() {
        return distinct;
    }

    synchronized long duplicates() {
        return duplicates;
    }

    synchronized long foreign() {
        return foreign;
    }

    synchronized long firstArrival() {
        return firstArrival;
    }

    synchronized long lastArrival() {
        return lastArrival;
    }

}
