package dev.caravan.mqtt;

import java.time.Duration;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.caravan.tls.ClientSocketFactories;
import dev.caravan.tls.TlsSettings;


/**
 * MQTT settings ({@code caravan.mqtt.*}); defaults and descriptions are in {@code application.yaml}.
 *
 * @param brokerUrl     where the hub connects: {@code MQTT_URL}, or the embedded broker when that is unset
 * @param sharedGroup   the shared-subscription group of the hub's inbound consumers ({@code $share/<group>/...})
 * @param sessionExpiry how long the broker keeps a disconnected consumer's session and queued messages
 */
@ConfigurationProperties("caravan.mqtt")
public record MqttProperties(
        String url,
        String brokerUrl,
        String username,
        String password,
        String sharedGroup,
        Duration sessionExpiry,
        Duration connectTimeout,
        Pool pool,
        Inbound inbound,
        Embedded embedded,
        ClientTls tls) {

    public MqttProperties {
        tls = tls == null ? new ClientTls(null, null, null, null) : tls;
    }

    /**
     * The hub's own clients on an {@code ssl://} broker URL: the CA to trust (unset: the JVM's default trust) and, for
     * a broker that wants client certificates, the hub's key store.
     */
    public record ClientTls(String truststore, String truststorePassword, String keystore, String keystorePassword) {
    }

    /**
     * The client pool used for every outbound publish.
     *
     * @param maxInflight    unacknowledged publishes per client (keep at or below the broker's Receive Maximum)
     * @param publishTimeout how long a publish waits for room in a client's window
     */
    public record Pool(int size, int maxInflight, Duration publishTimeout) {
    }

    /** Inbound consumers per topic; each is one MQTT connection in the shared group. */
    public record Inbound(int telemetryConsumers, int eventConsumers, int responseConsumers) {
    }

    /**
     * The embedded HiveMQ CE broker.
     *
     * @param maxQueuedMessages messages the broker keeps per queue (a disconnected session, a shared subscription's
     *                          backlog); beyond it, new messages are dropped
     * @param deliveryWindow    messages in flight to one subscriber (HiveMQ's internal default is 50)
     * @param deviceAuthentication devices must log in with their own credentials and may use only their own topics
     *                          (docs/security.md#broker); off: anyone may connect and use every topic
     * @param enforceDeviceAcl  with device authentication, the broker refuses a device's publish or subscription
     *                          outside its own topics; false leaves that to the hub's check (diagnosis only)
     * @param tlsPort           MQTT over TLS, when {@code tls} has a key store
     */
    public record Embedded(boolean enabled, String bindAddress, int port, int websocketPort,
                           String websocketPath, int maxQueuedMessages, int deliveryWindow,
                           boolean deviceAuthentication, boolean enforceDeviceAcl, int tlsPort, TlsSettings tls,
                           BrokerPersistence persistence) {

        public Embedded {
            tls = tls == null ? TlsSettings.OFF : tls.validated("caravan.mqtt.embedded.tls");
            persistence = persistence == null ? BrokerPersistence.FILE : persistence;
        }
    }

    /**
     * Where the embedded broker keeps sessions, queued QoS 1 messages, retained messages and subscriptions: on disk
     * (they survive a restart) or in memory (faster; all of it is gone when the hub stops).
     */
    public enum BrokerPersistence {
        FILE("file"), IN_MEMORY("in-memory");

        private final String hivemqMode;

        BrokerPersistence(String hivemqMode) {
            this.hivemqMode = hivemqMode;
        }

        /** The value of HiveMQ's {@code <persistence><mode>}. */
        public String hivemqMode() {
            return hivemqMode;
        }
    }

    /** The socket factory of the hub's clients for its broker URL: TCP without delay, or TLS for ssl://. */
    public javax.net.SocketFactory socketFactory() {
        if (brokerUrl.startsWith("ssl://")) {
            return ClientSocketFactories.tls(tls.truststore(), tls.truststorePassword(), tls.keystore(),
                    tls.keystorePassword());
        }
        return brokerUrl.startsWith("tcp://") ? NoDelaySocketFactory.INSTANCE : null;
    }

    /** The hub's own login, when its clients need one: the configured one, else the embedded broker's internal one. */
    public Optional<BrokerLogin> login() {
        if (username != null && !username.isBlank()) {
            return Optional.of(new BrokerLogin(username, password == null ? "" : password));
        }
        if (embedded != null && embedded.enabled() && embedded.deviceAuthentication()) {
            return Optional.of(BrokerLogin.INTERNAL);
        }
        return Optional.empty();
    }
}
