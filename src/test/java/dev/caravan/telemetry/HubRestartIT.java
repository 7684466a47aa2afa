package dev.caravan.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.caravan.CaravanApplication;
import dev.caravan.mqtt.EmbeddedMqttBroker;
import dev.caravan.mqtt.MqttProperties;
import dev.caravan.runtime.DataDirectory;
import dev.caravan.runtime.FreePorts;
import dev.caravan.testing.HubApi;
import dev.caravan.testing.TestDevice;

/**
 * The hub goes away and comes back while devices keep publishing to the broker: its persistent MQTT session keeps
 * their messages, and its data folder keeps what was stored before. Nothing is lost.
 */
class HubRestartIT {

    private final DataDirectory brokerData = new DataDirectory("unused", true);
    private final int brokerPort = FreePorts.pick();
    private final EmbeddedMqttBroker broker = new EmbeddedMqttBroker(brokerData,
            new MqttProperties.Embedded(true, "127.0.0.1", brokerPort, FreePorts.pick(), "/mqtt", 10_000, 500, false,
                    true, 0, null),
            null);
    private final int apiPort = FreePorts.pick();
    private final int dbPort = FreePorts.pick();
    private final int redisPort = FreePorts.pick();
    private Path hubData;
    private ConfigurableApplicationContext hub;

    private ConfigurableApplicationContext startHub() throws Exception {
        if (hubData == null) {
            hubData = Files.createTempDirectory("caravan-restart-");
        }
        // arguments, not default properties: they must win over the it profile's settings
        return new SpringApplicationBuilder(CaravanApplication.class).profiles("it").run(
                "--caravan.mqtt.url=tcp://127.0.0.1:" + brokerPort,
                "--caravan.instance-id=restart-test",
                "--caravan.embedded.ephemeral=false",
                "--caravan.data-dir=" + hubData,
                "--caravan.api.port=" + apiPort,
                "--caravan.db.embedded.port=" + dbPort,
                "--caravan.redis.embedded.port=" + redisPort,
                "--server.port=0");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (hub != null) {
            hub.close();
        }
        broker.close();
        brokerData.close();
        if (hubData != null) {
            try (Stream<Path> paths = Files.walk(hubData)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static int storedPoints(HubApi api) {
        return api.get("/devices/restart-dev/telemetry?keys=n&from=2026-01-01T00:00:00Z").json()
                .at("/series/n").size();
    }

    @Test
    void messagesPublishedWhileTheHubIsDownAreStoredWhenItReturns() throws Exception {
        HubApi api = new HubApi(apiPort);
        Instant t0 = Instant.now().minusSeconds(60);
        hub = startHub();
        try (TestDevice device = TestDevice.connect("tcp://127.0.0.1:" + brokerPort, "restart-dev")) {
            device.publish("device/restart-dev/telemetry", "{\"n\":0,\"ts\":\"" + t0 + "\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> storedPoints(api) == 1);

            hub.close();
            hub = null;
            for (int i = 1; i <= 20; i++) {
                device.publish("device/restart-dev/telemetry",
                        "{\"n\":" + i + ",\"ts\":\"" + t0.plusSeconds(i) + "\"}");
            }

            hub = startHub();
            HubApi restarted = new HubApi(apiPort);
            await().atMost(Duration.ofSeconds(30)).until(() -> storedPoints(restarted) == 21);
        }
        assertThat(new HubApi(apiPort).get("/devices/restart-dev").json().get("autoRegistered").asBoolean()).isTrue();
    }
}
