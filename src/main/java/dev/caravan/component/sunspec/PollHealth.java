package dev.caravan.component.sunspec;

import java.time.Duration;

/**
 * Whether a polled device answers: offline after {@code offlineAfter} failed rounds in a row, online at its first
 * answer. A failed round is tried again after a back-off, not at the next interval, so that an unreachable device
 * costs a request per back-off period and is noticed soon.
 */
final class PollHealth {

    enum Change { NONE, ONLINE, OFFLINE }

    private final int offlineAfter;
    private final Backoff backoff;
    private Boolean online;
    private int failures;
    private long retryIn;

    PollHealth(int offlineAfter, Duration backoffInitial, Duration backoffMax) {
        if (offlineAfter < 1) {
            throw new IllegalArgumentException("offlineAfter: at least 1, not " + offlineAfter);
        }
        this.offlineAfter = offlineAfter;
        this.backoff = new Backoff(backoffInitial, backoffMax);
    }

    Change succeeded() {
        failures = 0;
        backoff.reset();
        if (Boolean.TRUE.equals(online)) {
            return Change.NONE;
        }
        online = true;
        return Change.ONLINE;
    }

    Change failed() {
        failures++;
        retryIn = backoff.next();
        if (!Boolean.FALSE.equals(online) && failures >= offlineAfter) {
            online = false;
            return Change.OFFLINE;
        }
        return Change.NONE;
    }

    /** Nanoseconds to wait after the last failure. */
    long retryIn() {
        return retryIn;
    }
}
