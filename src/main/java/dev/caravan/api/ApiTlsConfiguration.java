package dev.caravan.api;

import java.util.HashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.RestConfiguration;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.SecureSocketProtocolsParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.caravan.tls.TlsSettings;

/**
 * HTTPS for the API when {@code caravan.api.tls.keystore} is set: the REST DSL's netty-http endpoints get the
 * server's certificates, TLS 1.2 and 1.3 only, and with {@code client-auth: required} ask every caller for a
 * certificate signed by the trust store's CA (an API key or token is still needed on top).
 */
@Configuration(proxyBeanMethods = false)
public class ApiTlsConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ApiTlsConfiguration.class);
    static final String CONTEXT_BEAN = "apiTlsContext";

    @Bean
    CamelContextConfiguration apiTls(ApiProperties properties) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                TlsSettings tls = properties.tls();
                if (!tls.enabled()) {
                    return;
                }
                camelContext.getRegistry().bind(CONTEXT_BEAN, sslContext(tls, camelContext));
                RestConfiguration rest = camelContext.getRestConfiguration();
                Map<String, Object> endpoint = rest.getEndpointProperties() == null ? new HashMap<>()
                        : new HashMap<>(rest.getEndpointProperties());
                endpoint.put("ssl", "true");
                endpoint.put("sslContextParameters", "#" + CONTEXT_BEAN);
                endpoint.put("needClientAuth", String.valueOf(tls.clientAuth() == TlsSettings.ClientAuth.REQUIRED));
                rest.setEndpointProperties(endpoint);
                rest.setScheme("https");
                LOG.info("HTTP API over TLS (HTTPS) on port {}, client certificates {}", properties.port(),
                        tls.clientAuth().name().toLowerCase());
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
            }
        };
    }

    static SSLContextParameters sslContext(TlsSettings tls, CamelContext camelContext) {
        SSLContextParameters parameters = new SSLContextParameters();
        parameters.setCamelContext(camelContext);
        KeyManagersParameters keys = new KeyManagersParameters();
        keys.setKeyStore(store(tls.keystore(), tls.keystorePassword(), camelContext));
        keys.setKeyPassword(tls.keystorePassword());
        parameters.setKeyManagers(keys);
        if (tls.truststore() != null && !tls.truststore().isBlank()) {
            TrustManagersParameters trust = new TrustManagersParameters();
            trust.setKeyStore(store(tls.truststore(), tls.truststorePassword(), camelContext));
            parameters.setTrustManagers(trust);
        }
        SecureSocketProtocolsParameters protocols = new SecureSocketProtocolsParameters();
        protocols.setSecureSocketProtocol(TlsSettings.PROTOCOLS);
        parameters.setSecureSocketProtocols(protocols);
        return parameters;
    }

    private static KeyStoreParameters store(String file, String password, CamelContext camelContext) {
        KeyStoreParameters store = new KeyStoreParameters();
        store.setCamelContext(camelContext);
        store.setResource("file:" + java.nio.file.Path.of(file).toAbsolutePath());
        store.setPassword(password);
        return store;
    }
}
