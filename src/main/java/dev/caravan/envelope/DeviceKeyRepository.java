package dev.caravan.envelope;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import dev.caravan.support.Json;

/** Device keys in PostgreSQL, encrypted under the master key ({@code device_keys}). */
@Repository
public class DeviceKeyRepository {

    private final NamedParameterJdbcTemplate jdbc;

    public DeviceKeyRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored key version, still encrypted. */
    public record StoredKey(String deviceId, int version, byte[] sealed, Instant createdAt, Instant retireAt) {
    }

    public List<StoredKey> versions(String deviceId) {
        return jdbc.query("select * from device_keys where device_id = :id order by version desc",
                new MapSqlParameterSource("id", deviceId), (rs, i) -> new StoredKey(rs.getString("device_id"),
                        rs.getInt("version"), rs.getBytes("key_sealed"), Json.instant(rs, "created_at"),
                        Json.instant(rs, "retire_at")));
    }

    /** The next version for the device, retiring the current ones at {@code retireAt}; returns the version. */
    public int add(String deviceId, java.util.function.IntFunction<byte[]> sealedForVersion, Instant retireAt) {
        Integer next = jdbc.queryForObject("select coalesce(max(version), 0) + 1 from device_keys where device_id = :id",
                new MapSqlParameterSource("id", deviceId), Integer.class);
        int version = next == null ? 1 : next;
        jdbc.update("update device_keys set retire_at = least(coalesce(retire_at, :at), :at) where device_id = :id",
                new MapSqlParameterSource("id", deviceId).addValue("at", Timestamp.from(retireAt)));
        jdbc.update("insert into device_keys (device_id, version, key_sealed) values (:id, :version, :sealed)",
                new MapSqlParameterSource("id", deviceId).addValue("version", version)
                        .addValue("sealed", sealedForVersion.apply(version)));
        return version;
    }

    public int delete(String deviceId) {
        return jdbc.update("delete from device_keys where device_id = :id", new MapSqlParameterSource("id", deviceId));
    }
}
