package dev.caravan.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

import dev.caravan.testing.HubEndpoints;
import dev.caravan.testing.HubTest;

/** Guessing the management login: after a few wrong passwords the address is turned away for a while. */
@HubTest
@TestPropertySource(properties = {
        "caravan.security.lockout-after=3",
        "caravan.security.lockout-base=2s"})
class ManagementLoginLockoutIT {

    @LocalServerPort
    int port;

    @Autowired
    Environment env;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpResponse<String> prometheus(String password) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void wrongPasswordsLockTheAddressOutUntilTheBackoffEndsAndAreAudited() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(prometheus("guess-" + i).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> locked = prometheus("caravan");
        assertThat(locked.statusCode()).as("even the right password while locked out").isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).hasValueSatisfying(
                s -> assertThat(Integer.parseInt(s)).isBetween(1, 2));
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).as("health stays open").isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> prometheus("caravan").statusCode() == 200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode failures = HubEndpoints.api(env).get("/audit?action=management.login.failed").json()
                    .get("items");
            assertThat(failures).hasSize(3);
            assertThat(failures.get(0).at("/detail/username").asText()).isEqualTo("admin");
            assertThat(failures.toString()).doesNotContain("guess-");
        });
    }
}
