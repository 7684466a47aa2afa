package dev.caravan.status;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import dev.caravan.registry.DeviceState;
import dev.caravan.support.Json;

/** Device state columns and the event history in PostgreSQL. */
@Repository
public class StatusRepository {

    private final NamedParameterJdbcTemplate named;
    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;

    public StatusRepository(NamedParameterJdbcTemplate named, JdbcTemplate jdbc, ObjectMapper mapper) {
        this.named = named;
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /**
     * Sets a device's reported state and details; returns the previous state, or empty for an unknown device.
     * {@code status_changed_at} moves only when the state changes.
     */
    public Optional<DeviceState> report(String deviceId, DeviceState state, JsonNode detail, String version,
                                        Instant at) {
        List<String> previous = named.queryForList("""
                with old as (select id, status from devices where id = :id for update)
                update devices d
                   set status = :state,
                       status_changed_at = case when old.status = :state then d.status_changed_at else :at end,
                       status_detail = cast(:detail as jsonb),
                       firmware_version = coalesce(:version, d.firmware_version)
                  from old
                 where d.id = old.id
                returning old.status
                """, new MapSqlParameterSource("id", deviceId)
                .addValue("state", state.value())
                .addValue("at", Timestamp.from(at))
                .addValue("detail", Json.write(mapper, detail))
                .addValue("version", version), String.class);
        return previous.stream().findFirst().map(DeviceState::of);
    }

    /** Moves a device from {@code expected} to {@code next}; false if it was not in {@code expected}. */
    public boolean transition(String deviceId, DeviceState expected, DeviceState next, Instant at) {
        return named.update("""
                update devices set status = :next, status_changed_at = :at
                 where id = :id and status = :expected
                """, new MapSqlParameterSource("id", deviceId)
                .addValue("expected", expected.value())
                .addValue("next", next.value())
                .addValue("at", Timestamp.from(at))) == 1;
    }

    /** Devices whose state the heartbeat watches: all but those in maintenance. */
    public List<TrackedDevice> tracked() {
        return jdbc.query("""
                select id, type, status, status_changed_at, last_seen from devices where status <> 'maintenance'
                """, (rs, i) -> new TrackedDevice(rs.getString("id"), rs.getString("type"),
                DeviceState.of(rs.getString("status")), Json.instant(rs, "status_changed_at"),
                Json.instant(rs, "last_seen")));
    }

    /** Copies last-seen times from the hot store to the registry, never moving them back. */
    public void updateLastSeen(Map<String, Instant> lastSeen) {
        if (lastSeen.isEmpty()) {
            return;
        }
        String[] ids = lastSeen.keySet().toArray(new String[0]);
        String[] times = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            times[i] = lastSeen.get(ids[i]).toString();
        }
        jdbc.execute((java.sql.Connection c) -> {
            try (var ps = c.prepareStatement("""
                    update devices d set last_seen = u.ts::timestamptz
                      from unnest(?::text[], ?::text[]) as u(id, ts)
                     where d.id = u.id and (d.last_seen is null or d.last_seen < u.ts::timestamptz)
                    """)) {
                ps.setArray(1, c.createArrayOf("text", ids));
                ps.setArray(2, c.createArrayOf("text", times));
                return ps.executeUpdate();
            }
        });
    }

    public void insertEvents(List<DeviceEvent> events) {
        jdbc.batchUpdate("""
                insert into device_events (device_id, ts, category, type, severity, message, data)
                values (?, ?, ?, ?, ?, ?, cast(? as jsonb))
                """, events, events.size(), (ps, e) -> {
            ps.setString(1, e.deviceId());
            ps.setTimestamp(2, Timestamp.from(e.ts()));
            ps.setString(3, e.category());
            ps.setString(4, e.type());
            ps.setString(5, e.severity());
            ps.setString(6, e.message());
            ps.setString(7, e.data() == null ? "{}" : Json.write(mapper, e.data()));
        });
    }

    /** A device as the heartbeat sees it. */
    public record TrackedDevice(String id, String type, DeviceState status, Instant statusChangedAt,
                                Instant lastSeen) {
    }
}
