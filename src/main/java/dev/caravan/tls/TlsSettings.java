package dev.caravan.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A TLS server's certificates, as configured for the broker's 8883 listener and the HTTPS API: a key store with the
 * server's key and certificate chain (PKCS#12, or JKS), and for client certificates a trust store with the CA that
 * signs them. Only TLS 1.2 and 1.3 are offered ({@link #PROTOCOLS}).
 *
 * @param keystore           the server's key store; unset: TLS is off
 * @param truststore         the CAs whose client certificates are accepted; needed unless {@code clientAuth} is NONE
 * @param clientAuth         whether clients must present a certificate (mutual TLS)
 */
public record TlsSettings(String keystore, String keystorePassword, String truststore, String truststorePassword,
                          ClientAuth clientAuth) {

    /** The protocol versions every TLS listener of the hub offers. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    public static final TlsSettings OFF = new TlsSettings(null, null, null, null, ClientAuth.NONE);

    /** Client certificates: not asked for, asked for but optional, or required. */
    public enum ClientAuth { NONE, OPTIONAL, REQUIRED }

    public TlsSettings {
        clientAuth = clientAuth == null ? ClientAuth.NONE : clientAuth;
    }

    public boolean enabled() {
        return keystore != null && !keystore.isBlank();
    }

    /**
     * Refuses, at start, settings that would fail later or silently accept no client.
     *
     * @param what the listener, for the message ("caravan.api.tls")
     */
    public TlsSettings validated(String what) {
        if (!enabled()) {
            return this;
        }
        requireFile(what + ".keystore", keystore);
        if (clientAuth != ClientAuth.NONE) {
            if (truststore == null || truststore.isBlank()) {
                throw new IllegalStateException(what + ".client-auth=" + clientAuth + " needs " + what
                        + ".truststore (the CA that signs the client certificates)");
            }
            requireFile(what + ".truststore", truststore);
        }
        return this;
    }

    private static void requireFile(String property, String file) {
        if (!Files.isReadable(Path.of(file))) {
            throw new IllegalStateException(property + ": cannot read " + Path.of(file).toAbsolutePath()
                    + " (make development certificates with tls/dev-ca.sh, docs/tls.md)");
        }
    }
}
