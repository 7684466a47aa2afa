package dev.caravan.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import dev.caravan.testing.HubApi;
import dev.caravan.testing.HubApi.Response;
import dev.caravan.testing.HubEndpoints;
import dev.caravan.testing.HubTest;

@HubTest
class DeviceApiIT {

    @Autowired
    Environment env;

    HubApi api;
    String suffix;

    @BeforeEach
    void setUp() {
        api = HubEndpoints.api(env);
        suffix = UUID.randomUUID().toString().substring(0, 8);
    }

    private static void assertError(Response response, int status, String messagePart) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.json().at("/error/status").asInt()).isEqualTo(status);
        assertThat(response.json().at("/error/message").asText()).contains(messagePart);
    }

    @Test
    void aRegisteredDeviceCanBeReadChangedAndDeleted() {
        api.post("/groups", "{\"id\":\"site-" + suffix + "\",\"kind\":\"site\",\"name\":\"Plant\"}");
        Response created = api.post("/devices", """
                {"id":"disp-%s","type":"display","model":"X55","firmwareVersion":"1.0.0","location":"Hall",
                 "metadata":{"serial":"A1"},"groups":["site-%s"]}""".formatted(suffix, suffix));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.location()).isEqualTo("/api/devices/disp-" + suffix);
        JsonNode device = api.get("/devices/disp-" + suffix).json();
        assertThat(device.get("model").asText()).isEqualTo("X55");
        assertThat(device.at("/metadata/serial").asText()).isEqualTo("A1");
        assertThat(device.get("groups")).extracting(JsonNode::asText).containsExactly("site-" + suffix);
        assertThat(device.get("status").asText()).isEqualTo("unknown");

        Response updated = api.put("/devices/disp-" + suffix,
                "{\"type\":\"display\",\"model\":\"X65\",\"groups\":[]}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("model").asText()).isEqualTo("X65");
        assertThat(updated.json().get("groups")).isEmpty();

        assertThat(api.delete("/devices/disp-" + suffix).status()).isEqualTo(204);
        assertError(api.get("/devices/disp-" + suffix), 404, "no device");
    }

    @Test
    void devicesAreListedByGroupTypeAndStatus() {
        api.post("/groups", "{\"id\":\"zone-" + suffix + "\",\"kind\":\"zone\"}");
        api.post("/devices", "{\"id\":\"a-" + suffix + "\",\"type\":\"meter-" + suffix + "\",\"groups\":[\"zone-"
                + suffix + "\"]}");
        api.post("/devices", "{\"id\":\"b-" + suffix + "\",\"type\":\"meter-" + suffix + "\"}");
        api.post("/devices", "{\"id\":\"c-" + suffix + "\",\"type\":\"pump\",\"groups\":[\"zone-" + suffix + "\"]}");

        assertThat(ids(api.get("/devices?group=zone-" + suffix))).containsExactly("a-" + suffix, "c-" + suffix);
        assertThat(ids(api.get("/devices?type=meter-" + suffix))).containsExactly("a-" + suffix, "b-" + suffix);
        assertThat(ids(api.get("/devices?type=meter-" + suffix + "&status=unknown")))
                .containsExactly("a-" + suffix, "b-" + suffix);
        assertThat(ids(api.get("/devices?type=meter-" + suffix + "&status=online"))).isEmpty();
        assertThat(ids(api.get("/devices?type=meter-" + suffix + "&limit=1&offset=1"))).containsExactly("b-" + suffix);
    }

    private static java.util.List<String> ids(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("items").findValuesAsText("id");
    }

    @Test
    void aSecondDeviceWithTheSameIdIsAConflict() {
        api.post("/devices", "{\"id\":\"dup-" + suffix + "\",\"type\":\"meter\"}");

        assertError(api.post("/devices", "{\"id\":\"dup-" + suffix + "\",\"type\":\"meter\"}"), 409, "exists");
    }

    @Test
    void anInvalidDeviceIsRefusedWithTheFieldAndTheRule() {
        assertError(api.post("/devices", "{\"id\":\"has/slash\",\"type\":\"meter\"}"), 400, "id:");
        assertError(api.post("/devices", "{\"id\":\"ok-" + suffix + "\"}"), 400, "type:");
        assertError(api.post("/devices", "{\"id\":\"ok-" + suffix + "\",\"type\":\"m\",\"groups\":[\"nope\"]}"),
                400, "no such group");
        assertError(api.post("/devices", "{\"id\":\"ok-" + suffix + "\",\"type\":\"m\",\"colour\":\"red\"}"),
                400, "unknown field 'colour'");
    }

    @Test
    void malformedJsonIsABadRequest() {
        assertError(api.post("/devices", "{\"id\":"), 400, "invalid JSON");
    }

    @Test
    void aBodyThatIsNotJsonIsAnUnsupportedMediaType() {
        Response response = api.send(HttpRequest.newBuilder(URI.create(base() + "/devices"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("id=x")));

        assertError(response, 415, "application/json");
    }

    @Test
    void aBodyOverTheLimitIsTooLarge() {
        String metadata = "x".repeat(1_100_000);

        assertError(api.post("/devices", "{\"id\":\"big\",\"type\":\"m\",\"metadata\":{\"a\":\"" + metadata + "\"}}"),
                413, "larger than the limit");
    }

    @Test
    void aBadQueryParameterIsABadRequest() {
        assertError(api.get("/devices?status=sleepy"), 400, "status:");
        assertError(api.get("/devices?limit=0"), 400, "limit:");
        assertError(api.get("/deadletters?since=yesterday"), 400, "ISO-8601");
    }

    @Test
    void groupsCanBeCreatedListedAndDeletedWhenEmpty() {
        Response created = api.post("/groups", "{\"id\":\"fn-" + suffix + "\",\"kind\":\"function\",\"name\":\"HVAC\"}");
        assertThat(created.status()).isEqualTo(201);
        api.post("/devices", "{\"id\":\"g-" + suffix + "\",\"type\":\"m\",\"groups\":[\"fn-" + suffix + "\"]}");

        assertThat(api.get("/groups?kind=function").json().get("items").findValuesAsText("id")).contains("fn-" + suffix);
        assertError(api.delete("/groups/fn-" + suffix), 409, "still has 1 devices");
        api.delete("/devices/g-" + suffix);
        assertThat(api.delete("/groups/fn-" + suffix).status()).isEqualTo(204);
        assertError(api.get("/groups/fn-" + suffix), 404, "no group");
        assertError(api.post("/groups", "{\"id\":\"x-" + suffix + "\",\"kind\":\"building\"}"), 400, "kind:");
    }

    @Test
    void theOpenApiDocumentDescribesEveryOperation() {
        JsonNode doc = api.get("/openapi.json").json();

        assertThat(doc.get("openapi").asText()).startsWith("3.");
        assertThat(doc.get("paths").fieldNames()).toIterable().contains(
                "/devices", "/devices/{id}", "/devices/{id}/status", "/devices/{id}/events",
                "/devices/{id}/telemetry", "/devices/{id}/telemetry/latest", "/deadletters", "/groups",
                "/groups/{id}");
        assertThat(doc.at("/paths/~1devices/post/responses").has("409")).isTrue();
    }

    private String base() {
        return "http://localhost:" + env.getProperty("caravan.api.port") + "/api";
    }
}
