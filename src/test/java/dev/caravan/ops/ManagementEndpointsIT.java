package dev.caravan.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.caravan.testing.HubTest;

/** The management port: open health, everything else behind the admin login. */
@HubTest
class ManagementEndpointsIT {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpResponse<String> get(String path, String user, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAnswersWithoutLoginButShowsNoDetails() throws Exception {
        HttpResponse<String> response = get("/actuator/health", null, null);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = new ObjectMapper().readTree(response.body());
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.has("components")).isFalse();
    }

    @Test
    void healthShowsBrokerDatabaseAndRedisAfterLogin() throws Exception {
        JsonNode health = new ObjectMapper().readTree(get("/actuator/health", "admin", "caravan").body());

        assertThat(health.at("/components/mqtt/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/redis/status").asText()).isEqualTo("UP");
    }

    @Test
    void prometheusMetricsNeedTheLoginAndIncludeTheIngestCounters() throws Exception {
        assertThat(get("/actuator/prometheus", null, null).statusCode()).isEqualTo(401);

        String metrics = get("/actuator/prometheus", "admin", "caravan").body();
        assertThat(metrics).contains("caravan_messages_in_total", "caravan_telemetry_points_stored_total",
                "caravan_deadletters_total", "caravan_telemetry_batch_size", "caravan_telemetry_pending");
    }

    @Test
    void theConsoleNeedsTheLogin() throws Exception {
        assertThat(get("/actuator/hawtio/", null, null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/hawtio/", "admin", "wrong").statusCode()).isEqualTo(401);
        assertThat(get("/actuator/jolokia/version", null, null).statusCode()).isEqualTo(401);

        HttpResponse<String> console = get("/actuator/hawtio/index.html", "admin", "caravan");
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).contains("Hawtio");
        assertThat(get("/actuator/jolokia/version", "admin", "caravan").body()).contains("\"agent\"");
    }
}
