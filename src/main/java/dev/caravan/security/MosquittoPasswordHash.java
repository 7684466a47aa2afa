package dev.caravan.security;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A password as Mosquitto 2 keeps it in its password file ({@code mosquitto_passwd}'s "$7$" format):
 * {@code $7$<iterations>$<base64 salt>$<base64 PBKDF2-HMAC-SHA512>}, 12 bytes of salt, 64 bytes of hash.
 */
public final class MosquittoPasswordHash {

    /** mosquitto_passwd's default. */
    static final int ITERATIONS = 101;
    private static final int SALT_BYTES = 12;
    private static final int HASH_BYTES = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private MosquittoPasswordHash() {
    }

    public static String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return format(password, salt, ITERATIONS);
    }

    /** Whether {@code line}'s hash (as Mosquitto wrote it, or we did) is the one of {@code password}. */
    public static boolean matches(String password, String hash) {
        String[] parts = hash.split("\\$");
        if (parts.length != 5 || !parts[1].equals("7")) {
            return false;
        }
        String again = format(password, Base64.getDecoder().decode(parts[3]), Integer.parseInt(parts[2]));
        return java.security.MessageDigest.isEqual(again.getBytes(), hash.getBytes());
    }

    private static String format(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BYTES * 8);
            byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
            Base64.Encoder b64 = Base64.getEncoder();
            return "$7$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(derived);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 is missing from this JVM", e);
        }
    }
}
