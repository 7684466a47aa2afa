package dev.caravan.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.caravan.mqtt.EmbeddedMqttBroker;
import dev.caravan.mqtt.MqttProperties;
import dev.caravan.runtime.DataDirectory;
import dev.caravan.runtime.FreePorts;
import dev.caravan.testing.CommandDevice;
import dev.caravan.testing.HubApi;
import dev.caravan.testing.HubProcess;

/**
 * The hub is killed with SIGKILL while it holds commands in every state, and started again on the same data: no
 * command is lost, none that succeeded is sent again, and timeouts, retries, expiries and pending deliveries resume.
 * The broker (and the devices on it) stay up meanwhile, as they would in a real site.
 */
class HubCrashIT {

    private final DataDirectory brokerData = new DataDirectory("unused", true);
    private final int brokerPort = FreePorts.pick();
    private final EmbeddedMqttBroker broker = new EmbeddedMqttBroker(brokerData,
            new MqttProperties.Embedded(true, "127.0.0.1", brokerPort, FreePorts.pick(), "/mqtt", 10_000, 500, false,
                    true, 0, null, null),
            null);
    private final String brokerUrl = "tcp://127.0.0.1:" + brokerPort;
    private final int apiPort = FreePorts.pick();
    private final int managementPort = FreePorts.pick();
    private final int dbPort = FreePorts.pick();
    private final int redisPort = FreePorts.pick();
    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private Path hubData;
    private HubProcess hub;

    private HubProcess startHub() throws Exception {
        if (hubData == null) {
            hubData = Files.createTempDirectory("caravan-crash-");
        }
        Files.createDirectories(Path.of("target"));
        return HubProcess.start(Path.of("target", "hub-crash-it.log"), managementPort, apiPort,
                "--caravan.mqtt.url=" + brokerUrl,
                "--caravan.instance-id=crash-test",
                "--caravan.data-dir=" + hubData,
                "--caravan.db.embedded.port=" + dbPort,
                "--caravan.redis.embedded.port=" + redisPort,
                "--caravan.routes.dir=" + hubData.resolve("routes"),
                "--caravan.demo.enabled=false",
                "--caravan.commands.sweep-interval=200ms",
                "--caravan.commands.retry-backoff=200ms",
                "--caravan.status.sweep-interval=1s");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (hub != null) {
            hub.close();
        }
        broker.close();
        brokerData.close();
        if (hubData != null) {
            try (var paths = Files.walk(hubData)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String state(HubApi api, String commandId) {
        HubApi.Response command = api.get("/commands/" + commandId);
        assertThat(command.status()).as(command.body()).isEqualTo(200);
        return command.json().get("state").asText();
    }

    private static String create(HubApi api, String deviceId, String body) {
        HubApi.Response created = api.post("/devices/" + deviceId + "/commands", body);
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        return created.json().get("commandId").asText();
    }

    @Test
    void aKilledHubLosesNoCommandAndResumesEveryOne() throws Exception {
        String responsive = "crash-r-" + run;
        String silent = "crash-s-" + run;
        String offline = "crash-o-" + run;
        hub = startHub();
        HubApi api = new HubApi(apiPort);
        HubApi.Response registered = api.post("/devices", "{\"id\":\"" + offline + "\",\"type\":\"display\"}");
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        try (CommandDevice r = CommandDevice.online(brokerUrl, responsive, CommandDevice.succeeding());
             CommandDevice s = CommandDevice.online(brokerUrl, silent, CommandDevice.silent())) {
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    api.get("/devices/" + responsive + "/status").status() == 200
                    && api.get("/devices/" + silent + "/status").status() == 200
                    && api.get("/devices/" + responsive + "/status").json().get("state").asText().equals("online")
                    && api.get("/devices/" + silent + "/status").json().get("state").asText().equals("online"));

            JsonNode succeeded = api.post("/devices/" + responsive + "/commands",
                    "{\"type\":\"PING\",\"wait\":true}").json();
            assertThat(succeeded.get("state").asText()).isEqualTo("SUCCEEDED");
            String sent = create(api, silent, "{\"type\":\"RELOAD\",\"timeoutMs\":4000,\"retries\":1}");
            await().atMost(Duration.ofSeconds(10)).until(() -> state(api, sent).equals("SENT"));
            String pending = create(api, offline, "{\"type\":\"SHOW\",\"ttlMs\":600000}");
            String expiring = create(api, offline, "{\"type\":\"BRIEF\",\"ttlMs\":6000}");
            String cancelled = create(api, offline, "{\"type\":\"NEVER\"}");
            api.delete("/commands/" + cancelled);

            hub.kill();
            hub = startHub();
            HubApi restarted = new HubApi(apiPort);

            assertThat(state(restarted, succeeded.get("commandId").asText())).isEqualTo("SUCCEEDED");
            assertThat(state(restarted, cancelled)).isEqualTo("CANCELLED");
            // the silent device's command times out after the restart, is sent once more, and times out for good
            await().atMost(Duration.ofSeconds(30)).until(() -> state(restarted, sent).equals("TIMED_OUT")
                    && restarted.get("/commands/" + sent).json().get("attempts").asInt() == 2);
            assertThat(Collections.frequency(s.receivedIds(), sent)).isEqualTo(2);
            await().atMost(Duration.ofSeconds(20)).until(() -> state(restarted, expiring).equals("EXPIRED"));
            assertThat(restarted.get("/deadletters?reason=COMMAND_EXPIRED&deviceId=" + offline).json()
                    .get("items").size()).isEqualTo(1);
            assertThat(state(restarted, pending)).isEqualTo("PENDING");

            try (CommandDevice o = CommandDevice.online(brokerUrl, offline, CommandDevice.succeeding())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> state(restarted, pending).equals("SUCCEEDED"));
                assertThat(o.receivedIds()).containsExactly(pending);
            }
            assertThat(r.receivedIds()).as("nothing that succeeded is sent again")
                    .containsExactly(succeeded.get("commandId").asText());
        }
    }
}
