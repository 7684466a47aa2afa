package dev.caravan.telemetry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Telemetry values in PostgreSQL (a TimescaleDB hypertable where the extension is present). */
@Repository
public class TelemetryRepository {

    /**
     * One statement per batch: the values travel as six arrays and are unnested on the server. Duplicates (QoS 1
     * redelivery of a message with the same ts) hit the primary key and are skipped.
     */
    private static final String INSERT = """
            insert into telemetry (device_id, key, ts, num_value, bool_value, str_value)
            select d, k, t::timestamptz, n, b, s
              from unnest(?::text[], ?::text[], ?::text[], ?::float8[], ?::bool[], ?::text[]) as u(d, k, t, n, b, s)
            on conflict do nothing
            """;

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;

    public TelemetryRepository(JdbcTemplate jdbc, NamedParameterJdbcTemplate named) {
        this.jdbc = jdbc;
        this.named = named;
    }

    /** Stores the values of the messages; returns how many rows were new. */
    public int insert(List<TelemetryMessage> messages) {
        int size = messages.stream().mapToInt(m -> m.values().size()).sum();
        String[] devices = new String[size];
        String[] keys = new String[size];
        String[] times = new String[size];
        Double[] numbers = new Double[size];
        Boolean[] bools = new Boolean[size];
        String[] texts = new String[size];
        int i = 0;
        for (TelemetryMessage message : messages) {
            String ts = message.ts().toString();
            for (TelemetryValue value : message.values()) {
                devices[i] = message.deviceId();
                keys[i] = value.key();
                times[i] = ts;
                numbers[i] = value.number();
                bools[i] = value.bool();
                texts[i] = value.text();
                i++;
            }
        }
        Integer inserted = jdbc.execute((Connection c) -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                ps.setArray(1, c.createArrayOf("text", devices));
                ps.setArray(2, c.createArrayOf("text", keys));
                ps.setArray(3, c.createArrayOf("text", times));
                ps.setArray(4, c.createArrayOf("float8", numbers));
                ps.setArray(5, c.createArrayOf("bool", bools));
                ps.setArray(6, c.createArrayOf("text", texts));
                return ps.executeUpdate();
            }
        });
        return inserted == null ? 0 : inserted;
    }

    /** Values of one device in [from, to), oldest first, at most {@code limit}; all keys when keys is empty. */
    public List<StoredValue> history(String deviceId, Instant from, Instant to, List<String> keys, int limit) {
        MapSqlParameterSource params = new MapSqlParameterSource("device", deviceId)
                .addValue("from", Timestamp.from(from))
                .addValue("to", Timestamp.from(to))
                .addValue("limit", limit);
        String keyFilter = "";
        if (!keys.isEmpty()) {
            keyFilter = " and key in (:keys)";
            params.addValue("keys", keys);
        }
        return named.query("""
                select key, ts, num_value, bool_value, str_value from telemetry
                 where device_id = :device and ts >= :from and ts < :to
                """ + keyFilter + " order by ts, key limit :limit", params, TelemetryRepository::map);
    }

    /** The newest value of each key of a device: the fallback when the hot store has nothing. */
    public List<StoredValue> latest(String deviceId) {
        return named.query("""
                select distinct on (key) key, ts, num_value, bool_value, str_value from telemetry
                 where device_id = :device order by key, ts desc
                """, new MapSqlParameterSource("device", deviceId), TelemetryRepository::map);
    }

    private static StoredValue map(ResultSet rs, int row) throws SQLException {
        Object value;
        double number = rs.getDouble("num_value");
        if (!rs.wasNull()) {
            value = TelemetryValue.plain(number);
        } else {
            boolean bool = rs.getBoolean("bool_value");
            value = rs.wasNull() ? rs.getString("str_value") : bool;
        }
        return new StoredValue(rs.getString("key"), rs.getTimestamp("ts").toInstant(), value);
    }

    /** One stored value. */
    public record StoredValue(String key, Instant ts, Object value) {
    }
}
