package dev.caravan.envelope;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The advanced-security envelope (docs/envelope.md): a payload sealed with AES-256-GCM under the device's key,
 * {@code {"v":1,"kid":<key version>,"ctr":<counter>,"iv":"<12 bytes, Base64>","ct":"<ciphertext and 16-byte tag,
 * Base64>"}}. The associated data binds it to its device, topic, key version and counter, so that it cannot be moved
 * to another device or topic, or given another counter. Plain JDK only: device makers may copy this class.
 *
 * @param version    envelope format, 1
 * @param keyVersion the device key's version ({@code kid})
 * @param counter    the sender's counter ({@code ctr}), strictly increasing per device and direction
 * @param iv         the 12-byte nonce, never reused with one key
 * @param ciphertext the ciphertext followed by the 16-byte authentication tag
 */
public record Envelope(int version, int keyVersion, long counter, byte[] iv, byte[] ciphertext) {

    public static final int FORMAT = 1;
    public static final int KEY_BYTES = 32;
    public static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Pattern FIELD = Pattern.compile("\"(v|kid|ctr|iv|ct)\"\\s*:\\s*(\"[^\"]*\"|-?\\d+)");

    /** Seals {@code plaintext} for {@code deviceId} on {@code topic}. */
    public static Envelope seal(byte[] key, String deviceId, String topic, int keyVersion, long counter, byte[] iv,
                                byte[] plaintext) {
        if (iv.length != IV_BYTES) {
            throw new IllegalArgumentException("the nonce must have " + IV_BYTES + " bytes");
        }
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, iv);
            cipher.updateAAD(associatedData(deviceId, topic, keyVersion, counter));
            return new Envelope(FORMAT, keyVersion, counter, iv.clone(), cipher.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e, e);
        }
    }

    /** The plaintext, when this envelope was sealed with {@code key} for {@code deviceId} on {@code topic}. */
    public byte[] open(byte[] key, String deviceId, String topic) {
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, iv);
            cipher.updateAAD(associatedData(deviceId, topic, keyVersion, counter));
            return cipher.doFinal(ciphertext);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new EnvelopeException("the envelope does not authenticate: a wrong key, or it was changed or made"
                    + " for another device, topic, key version or counter");
        } catch (GeneralSecurityException e) {
            throw new EnvelopeException("the envelope cannot be opened: " + e.getMessage(), e);
        }
    }

    /** {@code "caravan-envelope-v1\n" + deviceId + "\n" + topic + "\n" + keyVersion + "\n" + counter}, UTF-8. */
    public static byte[] associatedData(String deviceId, String topic, int keyVersion, long counter) {
        return ("caravan-envelope-v1\n" + deviceId + "\n" + topic + "\n" + keyVersion + "\n" + counter)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The envelope as it travels: compact JSON. */
    public byte[] toJson() {
        Base64.Encoder b64 = Base64.getEncoder();
        return ("{\"v\":" + version + ",\"kid\":" + keyVersion + ",\"ctr\":" + counter + ",\"iv\":\""
                + b64.encodeToString(iv) + "\",\"ct\":\"" + b64.encodeToString(ciphertext) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Reads an envelope; {@link EnvelopeException} when the payload is not one. */
    public static Envelope parse(byte[] payload) {
        if (payload == null || payload.length == 0 || payload.length > 1_048_576) {
            throw new EnvelopeException("not an envelope: " + (payload == null || payload.length == 0 ? "empty"
                    : "too large"));
        }
        String text = new String(payload, StandardCharsets.UTF_8).trim();
        if (!text.startsWith("{") || !text.endsWith("}")) {
            throw new EnvelopeException("not an envelope: not a JSON object");
        }
        String v = null;
        String kid = null;
        String ctr = null;
        String iv = null;
        String ct = null;
        Matcher m = FIELD.matcher(text);
        int fields = 0;
        while (m.find()) {
            fields++;
            String value = m.group(2);
            switch (m.group(1)) {
                case "v" -> v = value;
                case "kid" -> kid = value;
                case "ctr" -> ctr = value;
                case "iv" -> iv = value;
                default -> ct = value;
            }
        }
        if (v == null || kid == null || ctr == null || iv == null || ct == null || fields != 5) {
            throw new EnvelopeException("not an envelope: needs exactly v, kid, ctr, iv and ct");
        }
        if (!v.equals(Integer.toString(FORMAT))) {
            throw new EnvelopeException("envelope format " + v + " is not supported (only " + FORMAT + ")");
        }
        try {
            Base64.Decoder b64 = Base64.getDecoder();
            byte[] nonce = b64.decode(unquote(iv));
            if (nonce.length != IV_BYTES) {
                throw new EnvelopeException("not an envelope: iv must have " + IV_BYTES + " bytes");
            }
            long counter = Long.parseLong(ctr);
            int keyVersion = Integer.parseInt(kid);
            if (counter < 0 || keyVersion < 1) {
                throw new EnvelopeException("not an envelope: kid from 1, ctr from 0");
            }
            return new Envelope(FORMAT, keyVersion, counter, nonce, b64.decode(unquote(ct)));
        } catch (IllegalArgumentException e) {
            throw new EnvelopeException("not an envelope: " + e.getMessage());
        }
    }

    private static String unquote(String value) {
        if (value.length() < 2 || value.charAt(0) != '"') {
            throw new IllegalArgumentException("iv and ct are Base64 strings");
        }
        return value.substring(1, value.length() - 1);
    }

    private static Cipher cipher(int mode, byte[] key, byte[] iv) throws GeneralSecurityException {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("an AES-256 key has " + KEY_BYTES + " bytes");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
        return cipher;
    }
}
