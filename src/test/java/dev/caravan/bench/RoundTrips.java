package dev.caravan.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The requests of one phase, sent open loop: request i is due at {@code start + i / rate}, whatever happened to the
 * ones before it, so that a slow answer delays no later request and its latency includes any queueing (no
 * coordinated omission). A request's latency is its answer's arrival − its scheduled time.
 */
final class RoundTrips {

    /** Sends request i (should not block for long: the schedule waits for it). */
    interface Sender {
        void send(int i) throws Exception;
    }

    final String name;
    final int n;
    final double rate;
    private final long[] scheduled;
    private final long[] sent;
    private final AtomicLongArray answered;
    private final String[] ids;
    private final AtomicInteger answers = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicLong repeated = new AtomicLong();
    private final AtomicLong foreign = new AtomicLong();
    private final Map<String, Integer> failureReasons = new ConcurrentHashMap<>();
    private volatile long lastAnswer;
    private long maxLagNanos;

    RoundTrips(String name, int n, double rate) {
        this.name = name;
        this.n = n;
        this.rate = rate;
        this.scheduled = new long[n];
        this.sent = new long[n];
        this.answered = new AtomicLongArray(n);
        this.ids = new String[n];
    }

    /**
     * Runs the schedule on the calling thread: request i at start + i / rate, start being 20 ms from now. A send that
     * throws counts as a failure of that request.
     */
    void run(Sender sender) {
        long start = System.nanoTime() + 20_000_000L;
        double period = 1e9 / rate;
        for (int i = 0; i < n; i++) {
            long due = start + Math.round(i * period);
            scheduled[i] = due;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            long now = System.nanoTime();
            sent[i] = now;
            maxLagNanos = Math.max(maxLagNanos, now - due);
            try {
                sender.send(i);
            } catch (Exception e) {
                failed(i, e.getClass().getSimpleName());
            } catch (Error e) {
                failed(i, e.getClass().getSimpleName());
                throw e;
            }
        }
    }

    long scheduled(int i) {
        return scheduled[i];
    }

    long firstScheduled() {
        return scheduled[0];
    }

    long lastScheduled() {
        return scheduled[n - 1];
    }

    /** The answer to request i arrived (System.nanoTime); a second answer is counted as repeated and ignored. */
    void answered(int i, long nanos) {
        if (i < 0 || i >= n) {
            foreign.incrementAndGet();
        } else if (answered.compareAndSet(i, 0, nanos)) {
            answers.incrementAndGet();
            lastAnswer = Math.max(lastAnswer, nanos);
        } else {
            repeated.incrementAndGet();
        }
    }

    /** Request i got no (good) answer, and will not. */
    void failed(int i, String reason) {
        failures.incrementAndGet();
        failureReasons.merge(reason, 1, Integer::sum);
    }

    /** An answer that belongs to no request of this phase. */
    void foreign() {
        foreign.incrementAndGet();
    }

    /** Notes the id the other side gave request i (the hub's commandId). */
    void id(int i, String id) {
        ids[i] = id;
    }

    String id(int i) {
        return ids[i];
    }

    /** The answer's arrival (System.nanoTime), or 0. */
    long answeredAt(int i) {
        return answered.get(i);
    }

    int answers() {
        return answers.get();
    }

    /**
     * Waits until every request is answered or failed, or until {@code deadlineNanos} after the last one went out
     * (later than scheduled when the generator fell behind).
     */
    void await(long deadlineNanos) throws InterruptedException {
        long last = Math.max(lastScheduled(), sent[n - 1]);
        while (answers.get() + failures.get() < n && System.nanoTime() - last < deadlineNanos) {
            Thread.sleep(20);
        }
    }

    /**
     * The figures of the phase. A request counts as answered only when its answer came within {@code deadlineNanos}
     * of its scheduled time; the percentiles are over the answered requests (nearest rank).
     */
    Summary summary(long deadlineNanos) {
        long[] latencies = new long[n];
        int count = 0;
        int late = 0;
        for (int i = 0; i < n; i++) {
            long at = answered.get(i);
            if (at == 0) {
                continue;
            }
            long latency = at - scheduled[i];
            if (latency > deadlineNanos) {
                late++;
            } else {
                latencies[count++] = latency;
            }
        }
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        double sendSeconds = n > 1 ? (sent[n - 1] - sent[0]) / 1e9 : 0;
        double answerSeconds = lastAnswer > 0 ? (lastAnswer - scheduled[0]) / 1e9 : 0;
        Map<String, Integer> reasons = new LinkedHashMap<>(failureReasons);
        if (late > 0) {
            reasons.merge("answered after the deadline", late, Integer::sum);
        }
        int open = n - answers.get() - failures.get();
        if (open > 0) {
            reasons.merge("no answer when the phase ended", open, Integer::sum);
        }
        return new Summary(n, count, n - count, repeated.get(), foreign.get(), reasons,
                ms(percentile(sorted, 0.50)), ms(percentile(sorted, 0.90)), ms(percentile(sorted, 0.99)),
                ms(percentile(sorted, 0.999)), count == 0 ? Double.NaN : ms(sorted[count - 1]),
                count == 0 ? Double.NaN : ms(Arrays.stream(sorted).average().orElse(0)),
                sendSeconds > 0 ? CpuAccounting.round((n - 1) / sendSeconds, 1) : Double.NaN,
                answerSeconds > 0 ? CpuAccounting.round(count / answerSeconds, 1) : Double.NaN,
                ms(maxLagNanos));
    }

    /**
     * @param sentPerSecond     the rate at which the requests actually went out
     * @param answeredPerSecond answered requests / (last answer − first scheduled)
     * @param generatorLagMaxMs how late the generator was, at worst, in sending a request
     */
    record Summary(int sent, int answered, int lost, long repeated, long foreign, Map<String, Integer> lostReasons,
                   double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs, double meanMs,
                   double sentPerSecond, double answeredPerSecond, double generatorLagMaxMs) {
    }

    /** Nearest rank: the smallest value with at least q of the values at or below it; NaN when there are none. */
    static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double ms(double nanos) {
        return Double.isNaN(nanos) ? Double.NaN : CpuAccounting.round(nanos / 1e6, 2);
    }
}
