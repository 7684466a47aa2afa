package dev.caravan.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.caravan.testing.HubApi;
import dev.caravan.testing.HubEndpoints;
import dev.caravan.testing.TestDevice;

/**
 * The hub keeps Debian's Mosquitto's password file in step with the registry (caravan.mqtt.mosquitto.*): a device
 * registered over the API can log in to Mosquitto with the password it was given, under the repository's ACL; a
 * deleted device cannot any more.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@EnabledIf(value = "dev.caravan.mqtt.MosquittoProcess#installedOrCi", disabledReason = MosquittoProcess.MISSING)
class MosquittoPasswordFileIT {

    private static final String HUB_USER = "caravan";
    private static final String HUB_PASSWORD = "hub-" + UUID.randomUUID();

    private static MosquittoProcess broker;

    @Autowired
    Environment env;

    HubApi api;

    @BeforeAll
    static void startMosquitto() throws Exception {
        broker = MosquittoProcess.start(HUB_USER, HUB_PASSWORD, Map.of());
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @DynamicPropertySource
    static void hubOnMosquitto(DynamicPropertyRegistry registry) {
        MosquittoProcess.hubUses(() -> broker, HUB_USER, HUB_PASSWORD, registry);
        registry.add("caravan.mqtt.mosquitto.password-file", () -> broker.passwordFile().toString());
        registry.add("caravan.mqtt.mosquitto.reload-command", () -> broker.reloadCommand());
    }

    @BeforeEach
    void api() {
        api = HubEndpoints.api(env);
    }

    private String register(String id) {
        JsonNode created = api.post("/devices", "{\"id\":\"" + id + "\",\"type\":\"meter\"}").json();
        return created.at("/mqttCredentials/password").asText();
    }

    private TestDevice login(String id, String password) {
        return TestDevice.connect(broker.url(), id, id, password, null, null);
    }

    @Test
    void aDeviceRegisteredOverTheApiLogsInToMosquittoAndItsTelemetryIsStored() {
        String id = "mpf-" + UUID.randomUUID().toString().substring(0, 8);
        String password = register(id);

        TestDevice device = await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> login(id, password),
                connected -> connected != null);
        try (device) {
            device.publish("device/" + id + "/telemetry", "{\"n\":1}");

            await().atMost(Duration.ofSeconds(15)).until(() -> api.get("/devices/" + id + "/telemetry?keys=n").json()
                    .at("/series/n").size() == 1);
        }
    }

    @Test
    void theFileHoldsTheHubsLoginAndDevicesButNoPassword() throws Exception {
        String id = "mpf-" + UUID.randomUUID().toString().substring(0, 8);
        String password = register(id);

        await().atMost(Duration.ofSeconds(15)).until(() -> Files.readString(broker.passwordFile()).contains(id + ":"));
        String file = Files.readString(broker.passwordFile());
        assertThat(file).startsWith(HUB_USER + ":$7$").contains(id + ":$7$").doesNotContain(password)
                .doesNotContain(HUB_PASSWORD);
    }

    @Test
    void aDeletedDeviceCannotLogInAnyMore() {
        String id = "mpf-" + UUID.randomUUID().toString().substring(0, 8);
        String password = register(id);
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> {
            login(id, password).close();
            return true;
        });

        assertThat(api.delete("/devices/" + id).status()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThatThrownBy(() -> login(id, password).close()).hasMessageContaining("cannot connect"));
    }
}
