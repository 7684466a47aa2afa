package dev.caravan.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import dev.caravan.testing.HubApi;
import dev.caravan.testing.HubApi.Response;
import dev.caravan.testing.HubEndpoints;
import dev.caravan.testing.HubTest;

/** The HTTP API's door: API keys, roles, 401/403/429, rotation, revocation, lockout and the audit log. */
@HubTest
@TestPropertySource(properties = {
        "caravan.security.rate-limit=20",
        "caravan.security.rate-burst=20",
        "caravan.security.lockout-after=5",
        "caravan.security.lockout-base=2s",
        "caravan.security.command-policy.rules[0].roles=operator",
        "caravan.security.command-policy.rules[0].types=RELOAD,SET_*",
        "caravan.security.command-policy.rules[0].groups=*"})
class ApiSecurityIT {

    @Autowired
    Environment env;

    @Autowired
    JdbcTemplate jdbc;

    HubApi admin;
    String device;

    @BeforeEach
    void setUp() {
        admin = HubEndpoints.api(env);
        device = "sec-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(admin.post("/devices", "{\"id\":\"" + device + "\",\"type\":\"display\"}").status())
                .isEqualTo(201);
    }

    /** A new key of {@code role}: a client that uses it. */
    private HubApi keyed(String role) {
        Response created = admin.post("/keys", "{\"name\":\"it " + role + "\",\"role\":\"" + role + "\"}");
        assertThat(created.status()).isEqualTo(201);
        return admin.withKey(created.json().get("key").asText());
    }

    private int commandsOf(String deviceId) {
        return admin.get("/devices/" + deviceId + "/commands").json().get("items").size();
    }

    private List<JsonNode> audit(String query) {
        List<JsonNode> entries = new ArrayList<>();
        admin.get("/audit?" + query).json().get("items").forEach(entries::add);
        return entries;
    }

    @Test
    void aCallWithoutAKeyIsRefused401AndChangesNothing() {
        String other = "sec-" + UUID.randomUUID().toString().substring(0, 8);
        Response response = admin.withKey(null).post("/devices", "{\"id\":\"" + other + "\",\"type\":\"display\"}");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().at("/error/code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(response.header("WWW-Authenticate")).isEqualTo("ApiKey");
        assertThat(admin.get("/devices/" + other).status()).isEqualTo(404);
    }

    @Test
    void anUnknownKeyIsRefused401() {
        assertThat(admin.withKey("cvn_not-a-key-at-all").get("/devices").status()).isEqualTo(401);
    }

    @Test
    void aViewerReadsButMayNotSendACommand403AndNoCommandIsStored() {
        HubApi viewer = keyed("viewer");

        assertThat(viewer.get("/devices/" + device).status()).isEqualTo(200);
        Response refused = viewer.post("/devices/" + device + "/commands", "{\"type\":\"RELOAD\"}");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().at("/error/code").asText()).isEqualTo("FORBIDDEN");
        assertThat(commandsOf(device)).isZero();
    }

    @Test
    void anOperatorSendsCommandsButMayNotChangeTheRegistry() {
        HubApi operator = keyed("operator");

        assertThat(operator.post("/devices/" + device + "/commands", "{\"type\":\"RELOAD\"}").status())
                .isEqualTo(202);
        assertThat(operator.delete("/devices/" + device).status()).isEqualTo(403);
        assertThat(operator.get("/keys").status()).isEqualTo(403);
        assertThat(admin.get("/devices/" + device).status()).isEqualTo(200);
    }

    @Test
    void anOperatorMayNotSendACommandTypeThePolicyDoesNotAllow() {
        HubApi operator = keyed("operator");

        Response refused = operator.post("/devices/" + device + "/commands", "{\"type\":\"REBOOT\"}");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().at("/error/message").asText()).contains("REBOOT");
        assertThat(commandsOf(device)).isZero();
        assertThat(admin.post("/devices/" + device + "/commands", "{\"type\":\"REBOOT\"}").status())
                .as("admins are not restricted").isEqualTo(202);
    }

    @Test
    void theKeysSecretIsShownOnceAndNeverListed() {
        Response created = admin.post("/keys", "{\"name\":\"once\",\"role\":\"viewer\"}");
        String secret = created.json().get("key").asText();

        assertThat(secret).startsWith("cvn_");
        assertThat(admin.get("/keys").body()).doesNotContain(secret).contains(created.json().get("id").asText());
        assertThat(jdbc.queryForObject("select count(*) from api_keys where key_hash = ? or prefix = ?",
                Integer.class, secret, secret)).isZero();
    }

    @Test
    void anExpiredKeyIsRefused() {
        Response created = admin.post("/keys", "{\"name\":\"short\",\"role\":\"viewer\",\"expiresAt\":\""
                + Instant.now().plusSeconds(2) + "\"}");
        HubApi shortLived = admin.withKey(created.json().get("key").asText());
        assertThat(shortLived.get("/devices").status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> shortLived.get("/devices").status() == 401);
    }

    @Test
    void aRevokedKeyIsRefusedAtOnce() {
        Response created = admin.post("/keys", "{\"name\":\"revoked\",\"role\":\"operator\"}");
        HubApi revoked = admin.withKey(created.json().get("key").asText());
        assertThat(revoked.get("/devices").status()).isEqualTo(200);

        assertThat(admin.delete("/keys/" + created.json().get("id").asText()).status()).isEqualTo(204);

        assertThat(revoked.get("/devices").status()).isEqualTo(401);
    }

    @Test
    void aRotatedKeyWorksBesideItsSuccessorUntilItsGraceEnds() {
        Response created = admin.post("/keys", "{\"name\":\"rotating\",\"role\":\"viewer\"}");
        HubApi old = admin.withKey(created.json().get("key").asText());

        Response rotated = admin.post("/keys/" + created.json().get("id").asText() + "/rotate",
                "{\"graceSeconds\":2}");
        HubApi successor = admin.withKey(rotated.json().get("key").asText());

        assertThat(rotated.status()).isEqualTo(201);
        assertThat(rotated.json().get("rotatedFrom").asText()).isEqualTo(created.json().get("id").asText());
        assertThat(successor.get("/devices").status()).isEqualTo(200);
        assertThat(old.get("/devices").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> old.get("/devices").status() == 401);
        assertThat(successor.get("/devices").status()).isEqualTo(200);
    }

    @Test
    void tooManyRequestsWithOneKeyGet429WithRetryAfter() {
        Response created = admin.post("/keys", "{\"name\":\"busy\",\"role\":\"viewer\"}");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:"
                + env.getProperty("caravan.api.port") + "/api/devices/" + device + "/status"))
                .header("X-API-Key", created.json().get("key").asText()).build();
        HttpClient http = HttpClient.newHttpClient();

        // 60 at once against a burst of 20
        List<HttpResponse<String>> burst = IntStream.range(0, 60)
                .mapToObj(i -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString())).toList()
                .stream().map(CompletableFuture::join).toList();

        HttpResponse<String> limited = burst.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
        assertThat(Integer.parseInt(limited.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(burst.stream().filter(r -> r.statusCode() == 200).count()).isGreaterThanOrEqualTo(20);
        assertThat(admin.get("/devices/" + device).status()).as("other keys are not limited").isEqualTo(200);
    }

    @Test
    void repeatedFailedAuthenticationsLockTheAddressOutWithBackoff() {
        HubApi wrong = admin.withKey("cvn_wrong-key");
        for (int i = 0; i < 5; i++) {
            assertThat(wrong.get("/devices").status()).isEqualTo(401);
        }

        Response locked = admin.get("/devices");

        assertThat(locked.status()).as("even a good key, from a locked-out address").isEqualTo(429);
        assertThat(locked.header("Retry-After")).isNotBlank();
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/devices").status() == 200);
    }

    @Test
    void stateChangingCallsAndRefusalsAreAudited() {
        String other = "sec-" + UUID.randomUUID().toString().substring(0, 8);
        admin.post("/devices", "{\"id\":\"" + other + "\",\"type\":\"display\"}");
        admin.withKey("cvn_audited-wrong-key").delete("/devices/" + other);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(audit("action=devices-create")).anySatisfy(e -> {
                assertThat(e.get("actor").asText()).startsWith("key:").contains("(bootstrap)");
                assertThat(e.get("target").asText()).isEqualTo("POST /api/devices");
                assertThat(e.get("outcome").asText()).isEqualTo("201");
            });
            assertThat(audit("action=auth.failed")).anySatisfy(e -> {
                assertThat(e.get("target").asText()).isEqualTo("DELETE /api/devices/" + other);
                assertThat(e.get("outcome").asText()).isEqualTo("401");
            });
        });
        assertThat(admin.get("/devices/" + other).status()).isEqualTo(200);
    }

    @Test
    void theAuditLogIsAppendOnly() {
        admin.post("/keys", "{\"name\":\"for the audit\",\"role\":\"viewer\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select count(*) from audit_log", Integer.class) > 0);

        assertThatThrownBy(() -> jdbc.update("update audit_log set actor = 'someone else'"))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("delete from audit_log")).hasMessageContaining("append-only");
    }

    @Test
    void theEventStreamNeedsAKeyToo() throws Exception {
        HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + env.getProperty("caravan.api.port") + "/api/events")).build(),
                HttpResponse.BodyHandlers.discarding());

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void theOpenApiDocumentIsPublic() {
        assertThat(admin.withKey(null).get("/openapi.json").status()).isEqualTo(200);
    }

    @Test
    void whoamiShowsTheCallersKeyWithoutItsSecret() {
        Response me = keyed("operator").get("/whoami");

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("role").asText()).isEqualTo("operator");
        assertThat(me.json().has("key")).isFalse();
    }
}
