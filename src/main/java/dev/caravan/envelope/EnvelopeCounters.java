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
 * The envelope counters per device: which counters from it were used ({@link ReplayWindow}: the highest and the
 * {@value ReplayWindow#SIZE} below it), the window of its Last Will, and the hub's own counter towards it. A counter
 * is reserved while its message is handled and counts as used only once the message was handled (so that a message
 * the hub failed to store, and that comes again, is accepted again). Kept in memory, written to PostgreSQL in batches
 * within milliseconds ({@code envelope_counters}), read from there the first time a device is seen; docs/envelope.md
 * says what that means after a crash.
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

    /** A counter held for a message being handled: {@link #used()} once it is handled, {@link #released()} if not. */
    public interface Reservation {
        void used();

        void released();
    }

    /**
     * Reserves a counter from the device: empty when it was used already or is held by a message being handled.
     * A status message may also use the window of the device's Last Will (once): an "online" status opens it, as the
     * will was sealed just before that status.
     */
    public java.util.Optional<Reservation> reserveInbound(String deviceId, long counter, boolean status,
                                                           boolean onlineStatus) {
        Counters c = counters(deviceId);
        synchronized (c) {
            boolean inWillWindow = status && counter > c.willFloor && counter < c.willCeil;
            if ((c.window.used(counter) && !inWillWindow) || !c.inFlight.add(counter)) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of(new Reservation() {
            @Override
            public void used() {
                synchronized (c) {
                    c.inFlight.remove(counter);
                    if (status && counter > c.willFloor && counter < c.willCeil && counter < c.window.highest()) {
                        c.willFloor = -1;
                        c.willCeil = -1;
                    } else if (onlineStatus && counter > c.window.highest()) {
                        c.willFloor = c.window.highest();
                        c.willCeil = counter;
                    }
                    c.window.use(counter);
                }
                dirty.add(deviceId);
            }

            @Override
            public void released() {
                synchronized (c) {
                    c.inFlight.remove(counter);
                }
            }
        });
    }

    /**
     * The hub's next counter towards the device: one up from the last, which after a start of the hub begins at the
     * clock in microseconds (above anything stored that the last few milliseconds before a crash may have missed).
     */
    public long nextOutbound(String deviceId) {
        Counters c = counters(deviceId);
        long next;
        synchronized (c) {
            next = ++c.outbound;
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
                    Counters c = new Counters(rs.getLong("inbound"));
                    c.willFloor = rs.getLong("will_floor");
                    c.willCeil = rs.getLong("will_ceil");
                    c.outbound = rs.getLong("outbound");
                    c.outbound = Math.max(c.outbound, nowMicros());
                    return c;
                });
        if (stored.isEmpty()) {
            Counters fresh = new Counters(-1);
            fresh.outbound = nowMicros();
            return fresh;
        }
        return stored.get(0);
    }

    private void persist(List<String> devices) {
        List<MapSqlParameterSource> rows = new ArrayList<>();
        for (String deviceId : devices.stream().distinct().toList()) {
            Counters c = byDevice.get(deviceId);
            if (c == null) {
                continue;
            }
            synchronized (c) {
                rows.add(new MapSqlParameterSource("id", deviceId).addValue("inbound", c.window.highest())
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

    private static long nowMicros() {
        return java.util.concurrent.TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
    }

    @Override
    public void close() throws InterruptedException {
        dirty.close();
    }

    private static final class Counters {
        final ReplayWindow window;
        final java.util.Set<Long> inFlight = new java.util.HashSet<>();
        long willFloor = -1;
        long willCeil = -1;
        long outbound;

        Counters(long highestInbound) {
            this.window = highestInbound < 0 ? new ReplayWindow() : new ReplayWindow(highestInbound);
        }
    }
}
