package dev.caravan.component.sunspec;

import java.time.Duration;

/** Waits that double from an initial one up to a maximum, until reset. */
final class Backoff {

    private final long initial;
    private final long max;
    private long current;

    Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("back-off: initial above 0 and not above max, not " + initial
                    + " and " + max);
        }
        this.initial = initial.toNanos();
        this.max = max.toNanos();
    }

    /** The next wait in nanoseconds: the initial one, then twice the previous, at most the maximum. */
    long next() {
        current = current == 0 ? initial : Math.min(current * 2, max);
        return current;
    }

    void reset() {
        current = 0;
    }
}
