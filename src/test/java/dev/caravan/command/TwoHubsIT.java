package dev.caravan.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

import dev.caravan.testing.CommandDevice;
import dev.caravan.testing.HubApi;
import dev.caravan.testing.HubApi.Response;
import dev.caravan.testing.HubEndpoints;
import dev.caravan.testing.HubTest;
import dev.caravan.testing.RestartableHub;

/**
 * Two hubs on one broker, PostgreSQL and Redis (DESIGN.md §4, scale-out): what one hub does reaches the requests
 * waiting at the other, through the Redis channel {@code caravan:command-updates}. Hub A (this test's) takes no
 * responses from the broker, so every answer is applied by hub B.
 */
@HubTest
@TestPropertySource(properties = "caravan.mqtt.inbound.response-consumers=0")
class TwoHubsIT {

    private static RestartableHub hubB;

    @Autowired
    Environment env;

    @Autowired
    MeterRegistry meters;

    HubApi a;
    String id;

    @BeforeEach
    void startHubB() throws IOException {
        a = HubEndpoints.api(env);
        id = "two-" + UUID.randomUUID().toString().substring(0, 8);
        if (hubB == null) {
            hubB = new RestartableHub("hub-b",
                    "--caravan.instance-id=hub-b-" + UUID.randomUUID(),
                    "--caravan.mqtt.url=" + HubEndpoints.brokerUrl(env),
                    "--caravan.db.url=" + env.getRequiredProperty("spring.datasource.url"),
                    "--caravan.db.user=" + env.getRequiredProperty("spring.datasource.username"),
                    "--caravan.db.password=" + env.getProperty("spring.datasource.password", ""),
                    "--caravan.redis.url=" + env.getRequiredProperty("spring.data.redis.url"),
                    "--caravan.mqtt.inbound.response-consumers=1").start();
        }
    }

    @AfterAll
    static void stopHubB() throws IOException {
        if (hubB != null) {
            hubB.close();
        }
    }

    private static double applied(MeterRegistry registry) {
        Counter counter = registry.find("caravan.commands.responses").tag("outcome", "applied").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aRequestWaitingAtOneHubGetsTheOutcomeTheOtherHubApplied() {
        double appliedByA = applied(meters);
        double appliedByB = applied(hubB.bean(MeterRegistry.class));
        try (CommandDevice device = CommandDevice.online(HubEndpoints.brokerUrl(env), id,
                CommandDevice.succeeding())) {
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    "online".equals(a.get("/devices/" + id + "/status").json().path("state").asText()));

            long sent = System.nanoTime();
            Response response = a.post("/devices/" + id + "/commands",
                    "{\"type\":\"RELOAD\",\"timeoutMs\":20000,\"wait\":true}");

            assertThat(response.status()).isEqualTo(200);
            // woken by hub B's notice, not by reading the command when its 20 s wait ran out
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(10));
            assertThat(response.json().get("state").asText()).isEqualTo("SUCCEEDED");
            assertThat(response.json().get("transitions").findValuesAsText("state"))
                    .containsExactly("PENDING", "SENT", "SUCCEEDED");
            assertThat(applied(hubB.bean(MeterRegistry.class))).as("answers applied by hub B").isEqualTo(appliedByB + 1);
            assertThat(applied(meters)).as("answers applied by hub A").isEqualTo(appliedByA);
        }
    }

    @Test
    void anHttpDeviceLongPollingAtOneHubGetsACommandCreatedAtTheOther() throws Exception {
        a.post("/devices", "{\"id\":\"" + id + "\",\"type\":\"kiosk\",\"protocol\":\"http\"}");
        String token = a.post("/devices/" + id + "/token", "").json().get("token").asText();
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> poll = http.sendAsync(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + hubB.apiPort() + "/api/ingest/" + id + "/commands/next?wait=25"))
                .header("X-Device-Token", token).GET().build(), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> hubB.bean(CommandPollers.class).waiting(id));
        long created = System.nanoTime();

        String commandId = a.post("/devices/" + id + "/commands", "{\"type\":\"OPEN\"}").json().get("commandId")
                .asText();

        HttpResponse<String> answer = poll.get(20, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode command = new ObjectMapper().readTree(answer.body());
        assertThat(command.get("commandId").asText()).isEqualTo(commandId);
        // woken by hub A's notice, not by the poll's own end (25 s)
        assertThat(Duration.ofNanos(System.nanoTime() - created)).isLessThan(Duration.ofSeconds(10));
    }
}
