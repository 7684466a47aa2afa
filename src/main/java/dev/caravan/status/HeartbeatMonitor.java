package dev.caravan.status;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.caravan.registry.DeviceState;

/**
 * Decides states from heartbeats, on every sweep (a timer route): an online device silent for longer than its
 * type's timeout goes offline; an offline or never-seen device heard from since its last transition comes online; a
 * device heard from but never marked online that has fallen silent again goes offline.
 * Also copies last-seen times into the registry.
 */
@Component("heartbeatMonitor")
public class HeartbeatMonitor {

    static final String TIMEOUT = "heartbeat timeout";
    static final String HEARTBEAT = "heartbeat";

    private final StatusRepository repository;
    private final LastSeenStore lastSeen;
    private final StatusService status;
    private final StatusProperties properties;

    public HeartbeatMonitor(StatusRepository repository, LastSeenStore lastSeen, StatusService status,
                            StatusProperties properties) {
        this.repository = repository;
        this.lastSeen = lastSeen;
        this.status = status;
        this.properties = properties;
    }

    /** One sweep; returns how many devices changed state. */
    public int sweep() {
        Instant now = Instant.now();
        Map<String, Instant> seen = lastSeen.all();
        Map<String, Instant> newer = new HashMap<>();
        int changed = 0;
        for (StatusRepository.TrackedDevice device : repository.tracked()) {
            Instant last = seen.getOrDefault(device.id(), device.lastSeen());
            if (last != null && (device.lastSeen() == null || last.isAfter(device.lastSeen()))) {
                newer.put(device.id(), last);
            }
            Duration timeout = properties.timeoutFor(device.type());
            Decision decision = decide(device, last, now, timeout);
            if (decision.next() != null
                    && status.transition(device.id(), device.status(), decision.next(), decision.cause(), now)) {
                changed++;
            }
        }
        repository.updateLastSeen(newer);
        return changed;
    }

    /** The transition a device's heartbeat calls for, if any. */
    static Decision decide(StatusRepository.TrackedDevice device, Instant lastSeen, Instant now, Duration timeout) {
        switch (device.status()) {
            case ONLINE -> {
                Instant reference = lastSeen != null ? lastSeen : device.statusChangedAt();
                if (reference != null && Duration.between(reference, now).compareTo(timeout) > 0) {
                    return new Decision(DeviceState.OFFLINE, TIMEOUT);
                }
            }
            case OFFLINE, UNKNOWN -> {
                boolean heardSince = lastSeen != null
                        && (device.statusChangedAt() == null || lastSeen.isAfter(device.statusChangedAt()));
                boolean silent = lastSeen != null && Duration.between(lastSeen, now).compareTo(timeout) > 0;
                if (heardSince && !silent) {
                    return new Decision(DeviceState.ONLINE, HEARTBEAT);
                }
                if (device.status() == DeviceState.UNKNOWN && silent) {
                    // heard from once, silent since (a sweep may have missed the moment it was online)
                    return new Decision(DeviceState.OFFLINE, TIMEOUT);
                }
            }
            default -> {
            }
        }
        return new Decision(null, null);
    }

    record Decision(DeviceState next, String cause) {
    }
}
