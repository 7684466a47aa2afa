package dev.caravan.component.modbus.poll;

import java.util.Map;

/** What a device poller reports, in canonical terms. Called on the emitting threads, never on network threads. */
public interface PollListener {

    /** Values to report, flat, with the poll's start time (epoch milliseconds). */
    void telemetry(Map<String, Object> values, long timestamp);

    /** The device came online (first answer, or answers again) or went offline (no answer); reported on change. */
    void status(boolean online, String reason);

    /** Something the device said that is not a value: a Modbus exception, or its end. */
    void event(String type, String severity, String message, Map<String, Object> data);
}
