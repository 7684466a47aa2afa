package dev.caravan.envelope;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import dev.caravan.support.BackgroundBatches;

/**
 * The envelope counters per device: the highest accepted from it (a replay is one that is not higher), the window of
 * its Last Will, and the hub's own counter towards it. Kept in memory and written to PostgreSQL in batches within
 * milliseconds ({@code envelope_counters}); read from there the first time a device is seen. A hub that crashes
 * can lose the last few milliseconds of counters: a message replayed into exactly that window would pass once.
 */
@Component
public class EnvelopeCounters implements AutoCloseable {

    private final NamedParameterJdbcTemplate jdbc;
    private final ConcurrentMap<String, Counters> byDevice = new ConcurrentHashMap<>();
    private final BackgroundBatches<String> dirty;

    public EnvelopeCounters(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.dirty = new BackgroundBatches<>("envelope-counters", 100_000, 1000, this::persist);
    }

    /**
     * Accepts a counter from the device: true when it is above every counter accepted so far, or, for a status
     * message, inside the window of the device's Last Will (once). An "online" status opens that window: the will
     * was sealed just before it, after everything accepted earlier.
     */
    public boolean acceptInbound(String deviceId, long counter, boolean status, boolean onlineStatus) {
        Counters c = counters(deviceId);
        boolean accepted;
        synchronized (c) {
            if (counter > c.inbound) {
                if (onlineStatus) {
                    c.willFloor = c.inbound;
                    c.willCeil = counter;
                }
                c.inbound = counter;
                accepted = true;
            } else if (status && counter > c.willFloor && counter < c.willCeil) {
                c.willFloor = -1;
                c.willCeil = -1;
                accepted = true;
            } else {
                accepted = false;
            }
        }
        if (accepted) {
            dirty.add(deviceId);
        }
        return accepted;
    }

    /** The hub's next counter towards the device. */
    public long nextOutbound(String deviceId) {
        Counters c = counters(deviceId);
        long next;
        synchronized (c) {
            next = Math.max(c.outbound + 1, java.util.concurrent.TimeUnit.MILLISECONDS.toMicros(
                    System.currentTimeMillis()));
            c.outbound = next;
        }
        dirty.add(deviceId);
        return next;
    }

    private Counters counters(String deviceId) {
        return byDevice.computeIfAbsent(deviceId, this::load);
    }

    private Counters load(String deviceId) {
        List<Counters> stored = jdbc.query("select * from envelope_counters where device_id = :id",
                new MapSqlParameterSource("id", deviceId), (rs, i) -> {
                    Counters c = new Counters();
                    c.inbound = rs.getLong("inbound");
                    c.willFloor = rs.getLong("will_floor");
                    c.willCeil = rs.getLong("will_ceil");
                    c.outbound = rs.getLong("outbound");
                    return c;
                });
        return stored.isEmpty() ? new Counters() : stored.get(0);
    }

    private void persist(List<String> devices) {
        List<MapSqlParameterSource> rows = new ArrayList<>();
        for (String deviceId : devices.stream().distinct().toList()) {
            Counters c = byDevice.get(deviceId);
            if (c == null) {
                continue;
            }
            synchronized (c) {
                rows.add(new MapSqlParameterSource("id", deviceId).addValue("inbound", c.inbound)
                        .addValue("floor", c.willFloor).addValue("ceil", c.willCeil).addValue("outbound", c.outbound));
            }
        }
        // greatest(): another hub may have gone further
        jdbc.batchUpdate("""
                insert into envelope_counters (device_id, inbound, will_floor, will_ceil, outbound)
                values (:id, :inbound, :floor, :ceil, :outbound)
                on conflict (device_id) do update set inbound = greatest(envelope_counters.inbound, excluded.inbound),
                       will_floor = excluded.will_floor, will_ceil = excluded.will_ceil,
                       outbound = greatest(envelope_counters.outbound, excluded.outbound)
                """, rows.toArray(MapSqlParameterSource[]::new));
    }

    /** Forgets a device's counters in memory (tests, key removal); the stored ones stay. */
    void forget(String deviceId) {
        byDevice.remove(deviceId);
    }

    @Override
    public void close() throws InterruptedException {
        dirty.close();
    }

    private static final class Counters {
        long inbound = -1;
        long willFloor = -1;
        long willCeil = -1;
        long outbound;
    }
}
