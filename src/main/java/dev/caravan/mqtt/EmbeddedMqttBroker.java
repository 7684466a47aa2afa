package dev.caravan.mqtt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.embedded.EmbeddedHiveMQBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.caravan.runtime.DataDirectory;
import dev.caravan.tls.TlsSettings;

/**
 * The embedded MQTT 5 broker (HiveMQ Community Edition), started when {@code MQTT_URL} is unset: plain MQTT and MQTT
 * over WebSockets, sessions and retained messages kept in {@code <data-dir>/mqtt}.
 */
public class EmbeddedMqttBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMqttBroker.class);

    private final EmbeddedHiveMQ hivemq;
    private final MqttProperties.Embedded settings;

    /**
     * @param authenticator devices' logins and ACLs (an embedded extension); null: anyone may connect and use every
     *                      topic
     */
    public EmbeddedMqttBroker(DataDirectory data, MqttProperties.Embedded settings,
                              BrokerAuthenticator authenticator) {
        this.settings = settings;
        Path root = data.resolve("mqtt");
        Path conf = data.resolve("mqtt/conf");
        writeConfig(conf.resolve("config.xml"), settings);
        // HiveMQ CE sends a subscriber at most this many messages, and takes the next batch from its queue only once
        // all are acknowledged; the hub acknowledges after its database commit, so the default of 50 paces ingest
        // to a commit per 50 messages (docs/benchmarks.md). Internal settings, read when the broker starts.
        InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES = settings.deliveryWindow();
        InternalConfigurations.PUBLISH_POLL_BATCH_SIZE = settings.deliveryWindow();
        EmbeddedHiveMQBuilder builder = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(data.resolve("mqtt/data"))
                .withExtensionsFolder(data.resolve("mqtt/extensions"))
                .withoutLoggingBootstrap();
        builder.withEmbeddedExtension(EmbeddedExtension.builder()
                .withId("caravan-broker")
                .withName("Caravan sender stamp, device logins and ACL")
                .withVersion("1")
                .withAuthor("Caravan")
                .withPriority(1000)
                .withStartPriority(1000)
                .withExtensionMain(new BrokerExtension(authenticator))
                .build());
        this.hivemq = builder.build();
        try {
            hivemq.start().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the embedded MQTT broker did not start (ports " + settings.port() + ", "
                    + settings.websocketPort() + "; data " + root + ")", e);
        }
        LOG.info("Embedded MQTT broker (HiveMQ CE) on mqtt://{}:{} and ws://{}:{}{}{}{}", settings.bindAddress(),
                settings.port(), settings.bindAddress(), settings.websocketPort(), settings.websocketPath(),
                settings.tls().enabled() ? " and mqtts://" + settings.bindAddress() + ":" + settings.tlsPort()
                        + " (client certificates " + settings.tls().clientAuth().name().toLowerCase() + ")" : "",
                authenticator != null ? "; devices log in with their own credentials and use only their own topics"
                        : "; anyone may connect (caravan.mqtt.embedded.device-authentication=false)");
    }

    public MqttProperties.Embedded settings() {
        return settings;
    }

    static String config(MqttProperties.Embedded s) {
        return """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>%s</bind-address>
                        </tcp-listener>
                        <websocket-listener>
                            <port>%d</port>
                            <bind-address>%s</bind-address>
                            <path>%s</path>
                            <name>websocket</name>
                            <subprotocols>
                                <subprotocol>mqttv3.1</subprotocol>
                                <subprotocol>mqtt</subprotocol>
                            </subprotocols>
                            <allow-extensions>true</allow-extensions>
                        </websocket-listener>
                %s    </listeners>
                    <mqtt>
                        <queued-messages>
                            <max-queue-size>%d</max-queue-size>
                        </queued-messages>
                    </mqtt>
                    <persistence>
                        <mode>%s</mode>
                    </persistence>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(s.port(), s.bindAddress(), s.websocketPort(), s.bindAddress(), s.websocketPath(),
                tlsListener(s), s.maxQueuedMessages(), s.persistence().hivemqMode());
    }

    /** MQTT over TLS (TLS 1.2 and 1.3 only), with client certificates as configured. */
    private static String tlsListener(MqttProperties.Embedded s) {
        TlsSettings tls = s.tls();
        if (!tls.enabled()) {
            return "";
        }
        String truststore = tls.truststore() == null || tls.truststore().isBlank() ? "" : """
                                <truststore>
                                    <path>%s</path>
                                    <password>%s</password>
                                </truststore>
                """.formatted(xml(absolute(tls.truststore())), xml(nullToEmpty(tls.truststorePassword())));
        String protocols = TlsSettings.PROTOCOLS.stream().map(p -> "<protocol>" + p + "</protocol>")
                .reduce("", String::concat);
        return """
                        <tls-tcp-listener>
                            <port>%d</port>
                            <bind-address>%s</bind-address>
                            <name>tls</name>
                            <tls>
                                <keystore>
                                    <path>%s</path>
                                    <password>%s</password>
                                    <private-key-password>%s</private-key-password>
                                </keystore>
                %s                <client-authentication-mode>%s</client-authentication-mode>
                                <protocols>%s</protocols>
                            </tls>
                        </tls-tcp-listener>
                """.formatted(s.tlsPort(), s.bindAddress(), xml(absolute(tls.keystore())),
                xml(nullToEmpty(tls.keystorePassword())), xml(nullToEmpty(tls.keystorePassword())), truststore,
                tls.clientAuth().name(), protocols);
    }

    private static String absolute(String file) {
        return Path.of(file).toAbsolutePath().toString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void writeConfig(Path file, MqttProperties.Embedded settings) {
        try {
            Files.writeString(file, config(settings));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the broker configuration " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            hivemq.stop().get(30, TimeUnit.SECONDS);
            hivemq.close();
        } catch (Exception e) {
            LOG.warn("the embedded MQTT broker did not stop cleanly: {}", e.toString());
        }
    }
}
