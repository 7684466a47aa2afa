package dev.caravan.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature receivers check: header {@value #HEADER} is {@code sha256=} and the hex HMAC-SHA256, keyed with the
 * webhook's secret, of {@code <timestamp>.<body>}, where the timestamp (epoch seconds) is header
 * {@value #TIMESTAMP_HEADER}. Signing the time too lets receivers refuse old deliveries replayed.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Caravan-Signature";
    public static final String TIMESTAMP_HEADER = "X-Caravan-Timestamp";

    private WebhookSignature() {
    }

    public static String sign(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
