package dev.caravan.api;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.caravan.tls.TlsSettings;

/**
 * HTTP API settings ({@code caravan.api.*}).
 *
 * @param maxBodyBytes the largest request body; larger ones are answered 413
 * @param tls          HTTPS, when a key store is set (docs/tls.md)
 */
@ConfigurationProperties("caravan.api")
public record ApiProperties(String host, int port, int maxBodyBytes, TlsSettings tls) {

    public ApiProperties {
        tls = tls == null ? TlsSettings.OFF : tls.validated("caravan.api.tls");
        if (tls.clientAuth() == TlsSettings.ClientAuth.OPTIONAL) {
            // camel-netty-http can require a client certificate or not ask for one; it cannot ask and accept none
            throw new IllegalStateException("caravan.api.tls.client-auth: none or required (optional is not"
                    + " supported on the HTTP API)");
        }
    }
}
