package dev.caravan.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

import dev.caravan.testing.DevicePair;
import dev.caravan.testing.HubApi;
import dev.caravan.testing.HubEndpoints;
import dev.caravan.testing.HubTest;
import dev.caravan.testing.TestDevice;

/**
 * The embedded broker with device logins: a device logs in with the credentials made at its registration and may use
 * only its own topics; device A can neither publish on B's topics nor read B's commands. The hub itself works through
 * its internal login.
 */
@HubTest
@TestPropertySource(properties = {
        "caravan.mqtt.embedded.device-authentication=true",
        "caravan.security.lockout-after=3",
        "caravan.security.lockout-base=2s"})
class EmbeddedBrokerAclIT {

    @Autowired
    Environment env;

    HubApi api;
    String a;
    String b;
    String passwordA;

    @BeforeEach
    void registerTwoDevices() {
        api = HubEndpoints.api(env);
        DevicePair pair = DevicePair.register(api, "acl");
        a = pair.a();
        b = pair.b();
        passwordA = pair.passwordA();
    }

    private TestDevice login(String id, String password) {
        return TestDevice.connect(HubEndpoints.brokerUrl(env), id, id, password, null, null);
    }

    private int stored(String id) {
        return api.get("/devices/" + id + "/telemetry?keys=n").json().at("/series/n").size();
    }

    @Test
    void aDeviceWithItsCredentialsPublishesItsTelemetry() {
        try (TestDevice device = login(a, passwordA)) {
            device.publish("device/" + a + "/telemetry", "{\"n\":1}");

            await().atMost(Duration.ofSeconds(10)).until(() -> stored(a) == 1);
        }
    }

    @Test
    void successfulAndFailedLoginsAreAudited() {
        login(a, passwordA).close();
        assertThatThrownBy(() -> login(a, "not-the-password")).hasMessageContaining("cannot connect");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(api.get("/audit?actor=mqtt:" + a + "&action=mqtt.login").json().get("items")).isNotEmpty();
            assertThat(api.get("/audit?actor=mqtt:" + a + "&action=mqtt.login.failed").json().get("items"))
                    .isNotEmpty();
        });
    }

    @Test
    void withoutCredentialsOrWithAWrongPasswordTheBrokerRefuses() {
        assertThatThrownBy(() -> TestDevice.connect(HubEndpoints.brokerUrl(env), a)).hasMessageContaining("cannot"
                + " connect");
        assertThatThrownBy(() -> login(a, "not-the-password")).hasMessageContaining("cannot connect");
    }

    @Test
    void deviceACannotPublishOnDeviceBsTopics() {
        try (TestDevice device = login(a, passwordA)) {
            device.publish("device/" + b + "/telemetry", "{\"n\":666}");
        } catch (IllegalStateException refused) {
            // the broker disconnects a client that publishes where it may not (reason 135, not authorized); the
            // client may notice at this publish or only later
            assertThat(refused).hasMessageContaining("Not authorized");
        }
        try (TestDevice again = login(a, passwordA)) {
            again.publish("device/" + a + "/telemetry", "{\"n\":2}");

            await().atMost(Duration.ofSeconds(10)).until(() -> stored(a) == 1);
            assertThat(stored(b)).isZero();
        }
    }

    @Test
    void deviceACannotReadDeviceBsCommands() throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(HubEndpoints.brokerUrl(env), a + "-spy", new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(a);
        options.setPassword(passwordA.getBytes(StandardCharsets.UTF_8));
        client.connect(options).waitForCompletion(10_000);
        try {
            IMqttToken subscription = client.subscribe("device/" + b + "/command", 1);
            subscription.waitForCompletion(10_000);

            assertThat(subscription.getReasonCodes()).containsOnly(0x87);
        } finally {
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }

    @Test
    void aDeviceReceivesItsOwnCommands() {
        try (TestDevice device = login(a, passwordA)) {
            device.subscribe("device/" + a + "/command");
            device.publish("device/" + a + "/status", "{\"state\":\"online\"}");
            api.post("/devices/" + a + "/commands", "{\"type\":\"RELOAD\"}");

            await().atMost(Duration.ofSeconds(10)).until(() -> device.received().stream()
                    .anyMatch(m -> m.payload().contains("RELOAD")));
        }
    }

    @Test
    void repeatedWrongPasswordsLockTheUsernameOut() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> login(b, "wrong")).hasMessageContaining("cannot connect");
        }
        String passwordB = api.post("/devices/" + b + "/mqtt-credentials", "").json().get("password").asText();

        assertThatThrownBy(() -> login(b, passwordB)).as("even the right password, while locked out")
                .hasMessageContaining("cannot connect");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            login(b, passwordB).close();
            return true;
        });
    }

    @Test
    void theHubsOwnClientsWorkThroughItsInternalLogin() {
        assertThat(api.get("/devices/" + a).status()).isEqualTo(200);
        assertThatThrownBy(() -> TestDevice.connect(HubEndpoints.brokerUrl(env), "impostor", "caravan-hub",
                "guessed", null, null)).hasMessageContaining("cannot connect");
    }
}
