package dev.caravan.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import dev.caravan.testing.CommandDevice;
import dev.caravan.testing.HubApi;
import dev.caravan.testing.HubEndpoints;
import dev.caravan.testing.HubTest;

/**
 * Webhooks against a real HTTP server in the test, which checks every signature the way a receiver should. The test
 * profile allows 3 attempts with short backoff.
 */
@HubTest
class WebhookIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Autowired
    Environment env;

    HubApi api;
    HttpServer receiver;
    final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    final AtomicInteger failuresToAnswer = new AtomicInteger();
    String id;

    record Delivery(JsonNode event, String signature, String timestamp, String eventHeader, String body) {
    }

    @BeforeEach
    void start() throws IOException {
        api = HubEndpoints.api(env);
        id = "wh-" + UUID.randomUUID().toString().substring(0, 8);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", this::receive);
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        api.get("/webhooks").json().get("items").forEach(w -> api.delete("/webhooks/" + w.get("id").asText()));
    }

    private void receive(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (failuresToAnswer.getAndDecrement() > 0) {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
            return;
        }
        deliveries.add(new Delivery(MAPPER.readTree(body), exchange.getRequestHeaders().getFirst("X-Caravan-Signature"),
                exchange.getRequestHeaders().getFirst("X-Caravan-Timestamp"),
                exchange.getRequestHeaders().getFirst("X-Caravan-Event"), body));
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    private String url() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    private String register(String events) {
        JsonNode created = api.post("/webhooks", "{\"url\":\"" + url() + "\",\"events\":" + events + "}").json();
        return created.get("secret").asText();
    }

    private List<Delivery> forDevice(String type) {
        return deliveries.stream().filter(d -> d.event().get("type").asText().equals(type)
                && d.event().at("/data/deviceId").asText().startsWith(id)).toList();
    }

    @Test
    void commandStateChangesArriveSignedWithTheWebhooksSecret() {
        String secret = register("[\"command.state\"]");
        try (CommandDevice device = CommandDevice.online(HubEndpoints.brokerUrl(env), id, CommandDevice.succeeding())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/devices/" + id + "/status").status() == 200
                    && api.get("/devices/" + id + "/status").json().get("state").asText().equals("online"));
            api.post("/devices/" + id + "/commands", "{\"type\":\"PING\",\"wait\":true}");

            await().atMost(Duration.ofSeconds(10)).until(() -> forDevice("command.state").size() == 3);
        }
        List<Delivery> events = forDevice("command.state");
        assertThat(events).extracting(d -> d.event().at("/data/to").asText())
                .containsExactlyInAnyOrder("PENDING", "SENT", "SUCCEEDED");
        for (Delivery delivery : events) {
            assertThat(delivery.signature()).isEqualTo(WebhookSignature.sign(secret,
                    Long.parseLong(delivery.timestamp()), delivery.body()));
            assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(delivery.timestamp())))
                    .isLessThan(60);
            assertThat(delivery.eventHeader()).isEqualTo("command.state");
        }
        assertThat(deliveries).noneMatch(d -> d.event().get("type").asText().startsWith("device."));
    }

    @Test
    void devicesGoingOnlineAndOfflineAreNotified() {
        register("[\"device.*\"]");
        CommandDevice device = CommandDevice.online(HubEndpoints.brokerUrl(env), id, CommandDevice.silent());
        await().atMost(Duration.ofSeconds(10)).until(() -> forDevice("device.online").size() == 1);

        device.close();
        // a clean disconnect sends no will: tell the hub directly, as a device shutting down would
        try (var bye = dev.caravan.testing.TestDevice.connect(HubEndpoints.brokerUrl(env), id + "-bye")) {
            bye.publish("device/" + id + "/status", "{\"state\":\"offline\"}");
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> forDevice("device.offline").size() == 1);
        assertThat(forDevice("device.offline").get(0).event().at("/data/from").asText()).isEqualTo("online");
    }

    @Test
    void aReceiverThatFailsAtFirstGetsTheNotificationOnARetry() {
        failuresToAnswer.set(1);
        register("[\"deadletter\"]");
        try (var device = dev.caravan.testing.TestDevice.connect(HubEndpoints.brokerUrl(env), id)) {
            device.publish("device/" + id + "/telemetry", "not json");
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> forDevice("deadletter").size() == 1);
        assertThat(forDevice("deadletter").get(0).event().at("/data/reason").asText()).isEqualTo("INVALID_JSON");
        String hookId = api.get("/webhooks").json().at("/items/0/id").asText();
        JsonNode delivery = api.get("/webhooks/" + hookId + "/deliveries").json().at("/items/0");
        assertThat(delivery.get("state").asText()).isEqualTo("DELIVERED");
        assertThat(delivery.get("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void aNotificationThatNoAttemptDeliversEndsInTheDeadLetterStore() {
        failuresToAnswer.set(1000);
        register("[\"deadletter\"]");
        try (var device = dev.caravan.testing.TestDevice.connect(HubEndpoints.brokerUrl(env), id)) {
            device.publish("device/" + id + "/telemetry", "{broken");
        }

        JsonNode letter = await().atMost(Duration.ofSeconds(20)).until(
                () -> api.get("/deadletters?reason=WEBHOOK_FAILED").json().get("items"),
                items -> items.size() > 0 && items.toString().contains(id)).get(0);
        assertThat(letter.get("detail").asText()).contains("after 3 attempts").contains("HTTP 503");
        assertThat(letter.get("payload").asText()).contains(id);
    }

    @Test
    void aWebhookNeedsAnHttpUrlAndKnownEventTypes() {
        assertThat(api.post("/webhooks", "{\"url\":\"ftp://x\",\"events\":[\"*\"]}").status()).isEqualTo(400);
        assertThat(api.post("/webhooks", "{\"url\":\"" + url() + "\",\"events\":[\"device.exploded\"]}")
                .json().at("/error/message").asText()).contains("unknown type");
        assertThat(api.post("/webhooks", "{\"url\":\"" + url() + "\",\"events\":[]}").status()).isEqualTo(400);
        String secret = register("[\"*\"]");
        assertThat(secret).hasSizeGreaterThan(30);
        assertThat(api.get("/webhooks").json().at("/items/0").has("secret")).as("shown only once").isFalse();
    }
}
