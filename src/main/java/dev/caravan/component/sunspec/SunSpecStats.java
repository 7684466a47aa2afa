package dev.caravan.component.sunspec;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of every device of one sunspec: component, for metrics and tests. */
public final class SunSpecStats {

    /** What is counted, with the metric's name (after {@code caravan.sunspec.}) and meaning. */
    public enum Count {
        ROUNDS("rounds", "Poll rounds of SunSpec devices (discovery or reading all models)"),
        UNANSWERED_ROUNDS("rounds.unanswered", "Poll rounds the device did not answer"),
        DISCOVERIES("discoveries", "Model chains walked from a SunS marker"),
        PROBLEMS("problems", "Unknown models, wrong lengths, broken chains, unreadable models and devices"
                + " without SunS, each reported as a device event"),
        WRITES("writes", "Control writes"),
        FAILED_WRITES("writes.failed", "Control writes refused, failed or not confirmed");

        private final String metric;
        private final String description;

        Count(String metric, String description) {
            this.metric = metric;
            this.description = description;
        }

        public String metric() {
            return metric;
        }

        public String description() {
            return description;
        }
    }

    private final Map<Count, LongAdder> counts = new EnumMap<>(Count.class);

    SunSpecStats() {
        for (Count count : Count.values()) {
            counts.put(count, new LongAdder());
        }
    }

    void add(Count count) {
        counts.get(count).increment();
    }

    public long get(Count count) {
        return counts.get(count).sum();
    }
}
