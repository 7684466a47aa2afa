package dev.caravan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import dev.caravan.testing.HubApi;
import dev.caravan.testing.HubApi.Response;
import dev.caravan.testing.HubEndpoints;
import dev.caravan.testing.HubTest;

/** A device without MQTT: the canonical protocol over HTTP with its token, and commands by long polling. */
@HubTest
class HttpDeviceIT {

    @Autowired
    Environment env;

    HubApi api;
    String id;
    String token;

    @BeforeEach
    void register() {
        api = HubEndpoints.api(env);
        id = "http-" + UUID.randomUUID().toString().substring(0, 8);
        api.post("/devices", "{\"id\":\"" + id + "\",\"type\":\"kiosk\",\"protocol\":\"http\"}");
        Response issued = api.post("/devices/" + id + "/token", "");
        assertThat(issued.status()).isEqualTo(201);
        token = issued.json().get("token").asText();
    }

    private Response post(String kind, String json, String withToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/ingest/" + id + "/" + kind))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (withToken != null) {
            request.header("X-Device-Token", withToken);
        }
        return api.send(request);
    }

    private Response poll(int waitSeconds) {
        return api.send(HttpRequest.newBuilder(URI.create(base() + "/ingest/" + id + "/commands/next?wait="
                + waitSeconds)).header("X-Device-Token", token).GET());
    }

    private String base() {
        return "http://localhost:" + env.getProperty("caravan.api.port") + "/api";
    }

    @Test
    void telemetryPostedWithTheTokenIsStoredBeforeTheAnswer() {
        Response response = post("telemetry", "{\"queue\":7,\"door\":\"closed\"}", token);

        assertThat(response.status()).isEqualTo(202);
        JsonNode latest = api.get("/devices/" + id + "/telemetry/latest").json();
        assertThat(latest.at("/values/queue/value").asInt()).isEqualTo(7);
        assertThat(latest.at("/values/door/value").asText()).isEqualTo("closed");
    }

    @Test
    void withoutTheRightTokenNothingIsAccepted() {
        assertThat(post("telemetry", "{\"x\":1}", null).status()).isEqualTo(401);
        assertThat(post("telemetry", "{\"x\":1}", "not-the-token").status()).isEqualTo(401);
        api.post("/devices/" + id + "/token", "");
        assertThat(post("telemetry", "{\"x\":1}", token).status()).as("a replaced token").isEqualTo(401);
        assertThat(api.get("/devices/" + id + "/telemetry/latest").json().get("values")).isEmpty();
    }

    @Test
    void aRefusedMessageIsAnsweredWithItsReasonAndKeptAsADeadLetter() {
        Response response = post("telemetry", "{\"x\":{\"nested\":true}}", token);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().at("/error/code").asText()).isEqualTo("SCHEMA_VIOLATION");
        JsonNode letter = api.get("/deadletters?deviceId=" + id).json().at("/items/0");
        assertThat(letter.get("source").asText()).isEqualTo("http");
        assertThat(letter.get("topic").asText()).isEqualTo("device/" + id + "/telemetry");
    }

    @Test
    void aPollWithNothingDueAnswers204AfterItsWait() {
        assertThat(poll(1).status()).isEqualTo(204);
    }

    @Test
    void aLongPollReceivesACommandCreatedWhileItWaitsAndTheResponseCompletesIt() {
        CompletableFuture<Response> polling = CompletableFuture.supplyAsync(() -> poll(20));
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !polling.isDone());

        String commandId = api.post("/devices/" + id + "/commands", "{\"type\":\"PRINT_TICKET\",\"params\":{\"n\":42}}")
                .json().get("commandId").asText();

        Response fetched = polling.join();
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.json().get("commandId").asText()).isEqualTo(commandId);
        assertThat(fetched.json().at("/params/n").asInt()).isEqualTo(42);
        assertThat(api.get("/commands/" + commandId).json().get("state").asText()).isEqualTo("SENT");

        assertThat(post("response", "{\"commandId\":\"" + commandId + "\",\"success\":true,\"result\":{\"ok\":1}}",
                token).status()).isEqualTo(202);
        assertThat(api.get("/commands/" + commandId).json().get("state").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void pendingCommandsAreFetchedOneByOneInCreationOrder() {
        String first = api.post("/devices/" + id + "/commands", "{\"type\":\"A\"}").json().get("commandId").asText();
        String second = api.post("/devices/" + id + "/commands", "{\"type\":\"B\"}").json().get("commandId").asText();

        assertThat(poll(0).json().get("commandId").asText()).isEqualTo(first);
        assertThat(poll(0).json().get("commandId").asText()).isEqualTo(second);
        assertThat(poll(0).status()).isEqualTo(204);
    }
}
