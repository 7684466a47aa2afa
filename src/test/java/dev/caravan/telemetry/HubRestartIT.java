package dev.caravan.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.caravan.mqtt.EmbeddedMqttBroker;
import dev.caravan.mqtt.MqttProperties;
import dev.caravan.runtime.DataDirectory;
import dev.caravan.runtime.FreePorts;
import dev.caravan.testing.HubApi;
import dev.caravan.testing.RestartableHub;
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
                    true, 0, null, null),
            null);
    private final RestartableHub hub;

    HubRestartIT() throws Exception {
        hub = new RestartableHub("caravan-restart-", "--caravan.mqtt.url=tcp://127.0.0.1:" + brokerPort,
                "--caravan.instance-id=restart-test");
    }

    @AfterEach
    void tearDown() throws Exception {
        hub.close();
        broker.close();
        brokerData.close();
    }

    private static int storedPoints(HubApi api) {
        return api.get("/devices/restart-dev/telemetry?keys=n&from=2026-01-01T00:00:00Z").json()
                .at("/series/n").size();
    }

    @Test
    void messagesPublishedWhileTheHubIsDownAreStoredWhenItReturns() throws Exception {
        HubApi api = hub.start().api();
        Instant t0 = Instant.now().minusSeconds(60);
        try (TestDevice device = TestDevice.connect("tcp://127.0.0.1:" + brokerPort, "restart-dev")) {
            device.publish("device/restart-dev/telemetry", "{\"n\":0,\"ts\":\"" + t0 + "\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> storedPoints(api) == 1);

            hub.stop();
            for (int i = 1; i <= 20; i++) {
                device.publish("device/restart-dev/telemetry",
                        "{\"n\":" + i + ",\"ts\":\"" + t0.plusSeconds(i) + "\"}");
            }

            hub.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> storedPoints(api) == 21);
        }
        assertThat(api.get("/devices/restart-dev").json().get("autoRegistered").asBoolean()).isTrue();
    }
}
