package dev.caravan.envelope;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.caravan.runtime.DataDirectory;

/**
 * The key that device keys are encrypted under in PostgreSQL (field-level encryption: AES-256-GCM, the device id and
 * key version as associated data). From {@code caravan.security.advanced.master-key}; without one, made once in the
 * data folder ({@code master.key}, readable by its owner only) so that a development hub works out of the box.
 */
@Component
public class MasterKey {

    private static final Logger LOG = LoggerFactory.getLogger(MasterKey.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AdvancedSecurityProperties properties;
    private final DataDirectory data;
    private volatile byte[] key;

    public MasterKey(AdvancedSecurityProperties properties, DataDirectory data) {
        this.properties = properties;
        this.data = data;
    }

    /** Encrypts a device key for storage. */
    byte[] seal(String deviceId, int version, byte[] deviceKey) {
        byte[] iv = new byte[Envelope.IV_BYTES];
        RANDOM.nextBytes(iv);
        Envelope sealed = Envelope.seal(key(), deviceId, "device-key", version, 0, iv, deviceKey);
        byte[] stored = new byte[iv.length + sealed.ciphertext().length];
        System.arraycopy(iv, 0, stored, 0, iv.length);
        System.arraycopy(sealed.ciphertext(), 0, stored, iv.length, sealed.ciphertext().length);
        return stored;
    }

    /** Decrypts a stored device key; {@link EnvelopeException} with another master key or a changed row. */
    byte[] open(String deviceId, int version, byte[] stored) {
        byte[] iv = java.util.Arrays.copyOfRange(stored, 0, Envelope.IV_BYTES);
        byte[] ciphertext = java.util.Arrays.copyOfRange(stored, Envelope.IV_BYTES, stored.length);
        return new Envelope(Envelope.FORMAT, version, 0, iv, ciphertext).open(key(), deviceId, "device-key");
    }

    private byte[] key() {
        byte[] k = key;
        if (k == null) {
            synchronized (this) {
                if (key == null) {
                    key = load();
                }
                k = key;
            }
        }
        return k;
    }

    private byte[] load() {
        String configured = properties.masterKey();
        if (configured != null && !configured.isBlank()) {
            return decode(configured.trim(), "caravan.security.advanced.master-key (CARAVAN_MASTER_KEY)");
        }
        Path file = data.root().resolve("master.key");
        try {
            if (Files.exists(file)) {
                return decode(Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString());
            }
            byte[] made = new byte[Envelope.KEY_BYTES];
            RANDOM.nextBytes(made);
            Files.writeString(file, Base64.getEncoder().encodeToString(made), StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the folder's permissions protect it
            }
            LOG.warn("No master key configured (CARAVAN_MASTER_KEY): made one in {}. Device keys are encrypted under"
                    + " it; keep a copy, set CARAVAN_MASTER_KEY in production.", file);
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make the master key " + file, e);
        }
    }

    private static byte[] decode(String base64, String where) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + " is not Base64", e);
        }
        if (decoded.length != Envelope.KEY_BYTES) {
            throw new IllegalStateException(where + " must be " + Envelope.KEY_BYTES + " bytes (Base64 of 32 random"
                    + " bytes: openssl rand -base64 32)");
        }
        return decoded;
    }
}
