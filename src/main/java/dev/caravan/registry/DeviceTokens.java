package dev.caravan.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import dev.caravan.support.NotFoundException;

/**
 * Tokens of devices that speak HTTP ({@code X-Device-Token}): 32 random bytes, shown once when issued; only their
 * SHA-256 is stored. Issuing a new token replaces the old one.
 */
@Component
public class DeviceTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final NamedParameterJdbcTemplate jdbc;

    public DeviceTokens(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public String issue(String deviceId) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        int rows = jdbc.update("update devices set token_hash = :hash, updated_at = now() where id = :id",
                new MapSqlParameterSource("id", deviceId).addValue("hash", hash(token)));
        if (rows == 0) {
            throw new NotFoundException("no device '" + deviceId + "'");
        }
        return token;
    }

    /** True when {@code token} is the device's current token; false for unknown devices and missing tokens. */
    public boolean verify(String deviceId, String token) {
        if (deviceId == null || token == null || token.isBlank()) {
            return false;
        }
        String stored = jdbc.query("select token_hash from devices where id = :id",
                new MapSqlParameterSource("id", deviceId), rs -> rs.next() ? rs.getString(1) : null);
        return stored != null && MessageDigest.isEqual(stored.getBytes(StandardCharsets.US_ASCII),
                hash(token).getBytes(StandardCharsets.US_ASCII));
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
