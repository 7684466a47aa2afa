package dev.caravan.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import dev.caravan.support.Json;

/** API keys in PostgreSQL, found by the SHA-256 of their secret. */
@Repository
public class ApiKeyRepository {

    private final NamedParameterJdbcTemplate jdbc;

    public ApiKeyRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(ApiKey key, String hash) {
        jdbc.update("""
                insert into api_keys (id, name, role, key_hash, prefix, created_at, expires_at, rotated_from)
                values (:id, :name, :role, :hash, :prefix, :created, :expires, :rotatedFrom)
                """, new MapSqlParameterSource("id", key.id())
                .addValue("name", key.name())
                .addValue("role", key.role().value())
                .addValue("hash", hash)
                .addValue("prefix", key.prefix())
                .addValue("created", Timestamp.from(key.createdAt()))
                .addValue("expires", key.expiresAt() == null ? null : Timestamp.from(key.expiresAt()))
                .addValue("rotatedFrom", key.rotatedFrom()));
    }

    public Optional<ApiKey> byHash(String hash) {
        return jdbc.query("select * from api_keys where key_hash = :hash", new MapSqlParameterSource("hash", hash),
                ApiKeyRepository::map).stream().findFirst();
    }

    public Optional<ApiKey> byId(String id) {
        return jdbc.query("select * from api_keys where id = :id", new MapSqlParameterSource("id", id),
                ApiKeyRepository::map).stream().findFirst();
    }

    public List<ApiKey> list() {
        return jdbc.query("select * from api_keys order by created_at", ApiKeyRepository::map);
    }

    /** True when an admin key that is neither revoked nor expired exists. */
    public boolean activeAdminExists() {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                select exists(select 1 from api_keys where role = 'admin' and revoked_at is null
                                                      and (expires_at is null or expires_at > now()))
                """, new MapSqlParameterSource(), Boolean.class));
    }

    /** Revokes a key now; false when it was revoked already or does not exist. */
    public boolean revoke(String id) {
        return jdbc.update("update api_keys set revoked_at = now() where id = :id and revoked_at is null",
                new MapSqlParameterSource("id", id)) == 1;
    }

    /** Lets a key expire at {@code at} unless it expires sooner (a rotated key's grace period). */
    public void expireBy(String id, Instant at) {
        jdbc.update("""
                update api_keys set expires_at = least(coalesce(expires_at, :at), :at) where id = :id
                """, new MapSqlParameterSource("id", id).addValue("at", Timestamp.from(at)));
    }

    public void deleteByName(String name) {
        jdbc.update("delete from api_keys where name = :name", new MapSqlParameterSource("name", name));
    }

    private static ApiKey map(ResultSet rs, int row) throws SQLException {
        return new ApiKey(rs.getString("id"), rs.getString("name"), Role.of(rs.getString("role")),
                rs.getString("prefix"), Json.instant(rs, "created_at"), Json.instant(rs, "expires_at"),
                Json.instant(rs, "revoked_at"), rs.getString("rotated_from"), null);
    }
}
