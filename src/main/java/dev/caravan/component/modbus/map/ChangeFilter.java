package dev.caravan.component.modbus.map;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which values of a poll are reported: all of them in an every-poll group; in an on-change group those that
 * changed since they were last reported, numbers only when by at least their point's deadband (so that noise does
 * not flood telemetry, while a slow drift is still reported once it adds up).
 */
public final class ChangeFilter {

    private final Map<String, Object> reported = new ConcurrentHashMap<>();

    public Map<String, Object> select(PollGroup group, Map<String, Point> pointsByKey, Map<String, Object> values) {
        if (group.report() == Report.EVERY_POLL) {
            return values;
        }
        Map<String, Object> selected = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            Object last = reported.get(key);
            if (changed(last, value, deadband(pointsByKey.get(key)))) {
                selected.put(key, value);
                reported.put(key, value);
            }
        });
        return selected;
    }

    /** Forgets what was reported, so that the next poll reports everything (after the device was offline). */
    public void reset() {
        reported.clear();
    }

    private static double deadband(Point point) {
        return point == null ? 0 : point.deadband();
    }

    private static boolean changed(Object last, Object value, double deadband) {
        if (last instanceof Number before && value instanceof Number now && deadband > 0) {
            return Math.abs(now.doubleValue() - before.doubleValue()) >= deadband;
        }
        return !Objects.equals(last, value);
    }
}
