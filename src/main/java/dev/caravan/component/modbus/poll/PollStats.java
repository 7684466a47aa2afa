package dev.caravan.component.modbus.poll;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters of a component's polls, and the recent schedule jitter (how late each poll started after its deadline),
 * for the console and the benchmark.
 */
public final class PollStats {

    private static final int SAMPLES = 1 << 16;

    private final AtomicLong polls = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong failedReads = new AtomicLong();
    private final AtomicLong deviceExceptions = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLongArray jitter = new AtomicLongArray(SAMPLES);
    private final AtomicLong jitterCount = new AtomicLong();

    void pollStarted(long lateNanos) {
        polls.incrementAndGet();
        long n = jitterCount.getAndIncrement();
        jitter.set((int) (n % SAMPLES), lateNanos);
    }

    void read(boolean ok) {
        reads.incrementAndGet();
        if (!ok) {
            failedReads.incrementAndGet();
        }
    }

    void deviceException() {
        deviceExceptions.incrementAndGet();
    }

    /** Ticks that passed while the group's previous poll was still running. */
    void skipped(long ticks) {
        skipped.addAndGet(ticks);
    }

    public long polls() {
        return polls.get();
    }

    public long reads() {
        return reads.get();
    }

    public long failedReads() {
        return failedReads.get();
    }

    public long deviceExceptions() {
        return deviceExceptions.get();
    }

    public long skippedPolls() {
        return skipped.get();
    }

    /** The jitter at percentile {@code p} (0–100) of the recent polls, in milliseconds. */
    public double jitterPercentileMillis(double p) {
        int n = (int) Math.min(jitterCount.get(), SAMPLES);
        if (n == 0) {
            return 0;
        }
        long[] sorted = new long[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = jitter.get(i);
        }
        Arrays.sort(sorted);
        int index = (int) Math.min(n - 1, Math.ceil(p / 100.0 * n) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
