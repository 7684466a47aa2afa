package dev.caravan.ops;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The management login's password check: an HMAC-SHA256 of the password under a key made at start, compared in
 * constant time. It replaces BCrypt, which made every request authenticated with HTTP Basic (a Prometheus scrape, a
 * script, a benchmark's probe) cost about 85 ms of CPU. The password sits in the hub's configuration anyway, so a
 * slow hash of it in memory protects nothing; guessing is stopped by the lockout ({@link ManagementLoginLockout}).
 */
final class ManagementPasswordEncoder implements PasswordEncoder {

    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;

    ManagementPasswordEncoder() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return Base64.getEncoder().encodeToString(mac(rawPassword));
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || encodedPassword == null) {
            return false;
        }
        byte[] expected;
        try {
            expected = Base64.getDecoder().decode(encodedPassword);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(rawPassword), expected);
    }

    private byte[] mac(CharSequence rawPassword) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(rawPassword.toString().getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is missing from this JVM", e);
        }
    }
}
