package dev.caravan.deviceconfig;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import dev.caravan.support.Json;

/** Desired and reported configuration versions in PostgreSQL. */
@Repository
public class DeviceConfigRepository {

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper mapper;

    public DeviceConfigRepository(NamedParameterJdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    public Optional<DeviceConfig> find(String deviceId) {
        return jdbc.query("select * from device_configs where device_id = :id",
                new MapSqlParameterSource("id", deviceId), this::map).stream().findFirst();
    }

    /** Stores a new desired configuration with the next version number; returns it. */
    public DeviceConfig replace(String deviceId, JsonNode config) {
        return jdbc.query("""
                insert into device_configs (device_id, version, config)
                values (:id, 1, cast(:config as jsonb))
                on conflict (device_id) do update
                   set version = device_configs.version + 1, config = excluded.config, updated_at = now()
                returning *
                """, new MapSqlParameterSource("id", deviceId).addValue("config", Json.write(mapper, config)),
                this::map).get(0);
    }

    /** Notes that {@code version} is retained on the broker (never moving back). */
    public void published(String deviceId, int version) {
        jdbc.update("""
                update device_configs set published_version = greatest(published_version, :version)
                 where device_id = :id
                """, new MapSqlParameterSource("id", deviceId).addValue("version", version));
    }

    /**
     * Forgets that any configuration is retained on the broker (one that lost its retained messages), so that every
     * one is published again; returns how many.
     */
    public int forgetPublished() {
        return jdbc.update("update device_configs set published_version = 0 where published_version > 0",
                new MapSqlParameterSource());
    }

    /** Notes the version the device says it applied. */
    public void reported(String deviceId, int version, Instant at) {
        jdbc.update("""
                update device_configs set reported_version = :version, reported_at = :at where device_id = :id
                """, new MapSqlParameterSource("id", deviceId).addValue("version", version)
                .addValue("at", Timestamp.from(at)));
    }

    /** Configurations whose newest version has not reached the broker yet. */
    public List<DeviceConfig> unpublished() {
        return jdbc.query("select * from device_configs where published_version < version",
                new MapSqlParameterSource(), this::map);
    }

    private DeviceConfig map(ResultSet rs, int row) throws SQLException {
        int reported = rs.getInt("reported_version");
        return new DeviceConfig(rs.getString("device_id"), rs.getInt("version"), Json.column(mapper, rs, "config"),
                rs.getInt("published_version") >= rs.getInt("version"), Json.instant(rs, "updated_at"),
                rs.wasNull() ? null : reported, Json.instant(rs, "reported_at"));
    }
}
