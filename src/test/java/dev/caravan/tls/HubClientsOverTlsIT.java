package dev.caravan.tls;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.caravan.mqtt.EmbeddedMqttBroker;
import dev.caravan.mqtt.MqttConnectionPoolService;
import dev.caravan.mqtt.MqttProperties;
import dev.caravan.runtime.DataDirectory;
import dev.caravan.runtime.FreePorts;
import dev.caravan.testing.DevCertificates;
import dev.caravan.testing.HubApi;
import dev.caravan.testing.HubEndpoints;
import dev.caravan.testing.TestDevice;

/**
 * The hub's own clients on an outside broker that speaks only TLS to them and wants a client certificate
 * ({@code MQTT_URL=ssl://...}, {@code MQTT_CLIENT_TRUSTSTORE}, {@code MQTT_CLIENT_KEYSTORE}): its publishing pool and its
 * inbound consumers connect, and a device's telemetry reaches the database through them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class HubClientsOverTlsIT {

    private static DevCertificates certs;
    private static DataDirectory brokerData;
    private static EmbeddedMqttBroker broker;
    private static int plainPort;
    private static int tlsPort;

    @Autowired
    Environment env;

    @Autowired
    MqttConnectionPoolService pool;

    @BeforeAll
    static void startABrokerThatWantsClientCertificates() throws Exception {
        certs = DevCertificates.make().client("caravan-hub");
        plainPort = FreePorts.pick();
        tlsPort = FreePorts.pick();
        brokerData = new DataDirectory("unused", true);
        broker = new EmbeddedMqttBroker(brokerData, new MqttProperties.Embedded(true, "127.0.0.1", plainPort,
                FreePorts.pick(), "/mqtt", 10_000, 500, false, true, tlsPort,
                new TlsSettings(certs.file("server.p12").toString(), DevCertificates.PASSWORD,
                        certs.file("truststore.p12").toString(), DevCertificates.PASSWORD,
                        TlsSettings.ClientAuth.REQUIRED), null), null);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @DynamicPropertySource
    static void hubOverTls(DynamicPropertyRegistry registry) {
        registry.add("caravan.mqtt.url", () -> "ssl://localhost:" + tlsPort);
        registry.add("caravan.mqtt.tls.truststore", () -> certs.file("truststore.p12").toString());
        registry.add("caravan.mqtt.tls.truststore-password", () -> DevCertificates.PASSWORD);
        registry.add("caravan.mqtt.tls.keystore", () -> certs.file("client-caravan-hub.p12").toString());
        registry.add("caravan.mqtt.tls.keystore-password", () -> DevCertificates.PASSWORD);
    }

    @Test
    void theHubsPoolConnectsOverTlsWithItsCertificate() {
        await().atMost(Duration.ofSeconds(20)).until(() -> pool.connectedClients() == pool.size());
    }

    @Test
    void aDevicesTelemetryReachesTheHubsConsumersOverTls() {
        HubApi api = HubEndpoints.api(env);
        try (TestDevice device = TestDevice.connect("tcp://127.0.0.1:" + plainPort, "tls-consumer-check")) {
            // the consumers' subscriptions may still be settling: publish until one is stored
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                device.publish("device/tls-consumer-check/telemetry", "{\"n\":1}");
                return api.get("/devices/tls-consumer-check/telemetry/latest").status() == 200;
            });
        }
    }
}
