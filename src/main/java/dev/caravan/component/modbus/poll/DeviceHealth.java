package dev.caravan.component.modbus.poll;

/**
 * Whether a device answers, from the outcomes of its polls. After {@code offlineAfter} failures in a row it is
 * offline, and is then only probed, at growing intervals, instead of being polled at every tick: a dead device
 * costs one request per back-off period and one log line, not one per poll.
 */
final class DeviceHealth {

    enum Change { NONE, ONLINE, OFFLINE }

    private final PollSettings settings;
    private Boolean online;
    private int failures;
    private long backoffNanos;
    private long nextProbe;

    DeviceHealth(PollSettings settings) {
        this.settings = settings;
    }

    /** True when a poll may go out now; an offline device gets one probe per back-off period. */
    synchronized boolean mayPoll(long now) {
        if (!Boolean.FALSE.equals(online)) {
            return true;
        }
        if (now - nextProbe < 0) {
            return false;
        }
        // the probe's slot is taken: other groups wait for its outcome
        nextProbe = now + backoffNanos;
        return true;
    }

    synchronized Change succeeded() {
        failures = 0;
        backoffNanos = 0;
        if (Boolean.TRUE.equals(online)) {
            return Change.NONE;
        }
        online = true;
        return Change.ONLINE;
    }

    synchronized Change failed(long now) {
        failures++;
        if (Boolean.FALSE.equals(online)) {
            backoffNanos = Math.min(backoffNanos * 2, settings.backoffMax().toNanos());
            nextProbe = now + backoffNanos;
            return Change.NONE;
        }
        if (failures < settings.offlineAfter()) {
            return Change.NONE;
        }
        online = false;
        backoffNanos = settings.backoffInitial().toNanos();
        nextProbe = now + backoffNanos;
        return Change.OFFLINE;
    }
}
