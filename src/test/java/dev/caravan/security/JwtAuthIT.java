package dev.caravan.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.caravan.testing.HubApi;
import dev.caravan.testing.HubApi.Response;
import dev.caravan.testing.HubEndpoints;
import dev.caravan.testing.HubTest;

/**
 * OAuth 2.0 bearer tokens against a real HTTP server standing in for the identity provider: its discovery document
 * and its signing keys (JWKS), tokens signed with its RSA key.
 */
@HubTest
class JwtAuthIT {

    private static final RSAKey SIGNING = generate("idp-key-1");
    private static final HttpServer IDP = identityProvider();
    private static final String ISSUER = "http://127.0.0.1:" + IDP.getAddress().getPort() + "/realms/test";

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry registry) {
        registry.add("caravan.security.jwt.issuer", () -> ISSUER);
        registry.add("caravan.security.jwt.roles-claim", () -> "realm_access.roles");
        registry.add("caravan.security.jwt.role-prefix", () -> "caravan-");
    }

    @AfterAll
    static void stopIdentityProvider() {
        IDP.stop(0);
    }

    @Autowired
    Environment env;

    HubApi admin;
    String device;

    @BeforeEach
    void setUp() {
        admin = HubEndpoints.api(env);
        device = "jwt-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(admin.post("/devices", "{\"id\":\"" + device + "\",\"type\":\"display\"}").status())
                .isEqualTo(201);
    }

    private static RSAKey generate(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer identityProvider() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/realms/test/.well-known/openid-configuration", exchange -> respond(exchange,
                    "{\"issuer\":\"http://127.0.0.1:" + server.getAddress().getPort() + "/realms/test\","
                            + "\"jwks_uri\":\"http://127.0.0.1:" + server.getAddress().getPort()
                            + "/realms/test/certs\"}"));
            server.createContext("/realms/test/certs", exchange -> respond(exchange,
                    new JWKSet(SIGNING.toPublicJWK()).toString()));
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** A token of the test issuer for {@code subject} with realm roles, expiring at {@code expires}. */
    private static String token(RSAKey key, String issuer, String subject, List<String> roles, Instant expires) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .issuer(issuer)
                    .subject(subject)
                    .claim("preferred_username", subject)
                    .claim("realm_access", Map.of("roles", roles))
                    .issueTime(Date.from(Instant.now().minusSeconds(60)))
                    .expirationTime(Date.from(expires))
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String token(String subject, String... roles) {
        return token(SIGNING, ISSUER, subject, List.of(roles), Instant.now().plusSeconds(300));
    }

    private Response sendCommand(String bearer) {
        return admin.withKey(null).send(HttpRequest.newBuilder(URI.create("http://localhost:"
                        + env.getProperty("caravan.api.port") + "/api/devices/" + device + "/commands"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"RELOAD\"}")));
    }

    private Response getWith(String bearer, String path) {
        return admin.withKey(null).send(HttpRequest.newBuilder(URI.create("http://localhost:"
                + env.getProperty("caravan.api.port") + "/api" + path)).header("Authorization", "Bearer " + bearer));
    }

    private int commandsOf() {
        return admin.get("/devices/" + device + "/commands").json().get("items").size();
    }

    @Test
    void anOperatorsTokenSendsACommandAndIsAuditedByItsSubject() {
        assertThat(sendCommand(token("alice", "caravan-operator", "offline_access")).status()).isEqualTo(202);

        assertThat(commandsOf()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                admin.get("/audit?action=device-command-create").json().get("items").findValuesAsText("actor"))
                .contains("jwt:alice (alice)"));
    }

    @Test
    void aViewersTokenReadsButMayNotCommand() {
        String viewer = token("victor", "caravan-viewer");

        assertThat(getWith(viewer, "/devices/" + device).status()).isEqualTo(200);
        assertThat(sendCommand(viewer).status()).isEqualTo(403);
        assertThat(commandsOf()).isZero();
    }

    @Test
    void aTokenWithoutACaravanRoleIsForbidden() {
        assertThat(getWith(token("nobody", "offline_access"), "/devices").status()).isEqualTo(403);
    }

    @Test
    void anExpiredTokenIsRefused() {
        String expired = token(SIGNING, ISSUER, "late", List.of("caravan-operator"), Instant.now().minusSeconds(120));

        assertThat(sendCommand(expired).status()).isEqualTo(401);
        assertThat(commandsOf()).isZero();
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        String forged = token(generate("idp-key-1"), ISSUER, "mallory", List.of("caravan-admin"),
                Instant.now().plusSeconds(300));

        Response response = sendCommand(forged);

        assertThat(response.status()).isEqualTo(401);
        assertThat(commandsOf()).isZero();
    }

    @Test
    void aTokenOfAnotherIssuerIsRefused() {
        String foreign = token(SIGNING, "https://elsewhere.example.com/realms/test", "eve",
                List.of("caravan-admin"), Instant.now().plusSeconds(300));

        assertThat(sendCommand(foreign).status()).isEqualTo(401);
    }

    @Test
    void aTamperedTokenIsRefused() {
        String good = token("trent", "caravan-viewer");
        String[] parts = good.split("\\.");
        String claims = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("caravan-viewer", "caravan-admin");
        String tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertThat(getWith(tampered, "/keys").status()).isEqualTo(401);
    }

    @Test
    void withoutCredentialsTheAnswerOffersBothSchemes() {
        Response response = admin.withKey(null).get("/devices");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).contains("ApiKey").contains("Bearer");
    }

    @Test
    void theEventStreamTakesABearerToken() throws Exception {
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + env.getProperty("caravan.api.port") + "/api/events"))
                        .header("Authorization", "Bearer " + token("olga", "caravan-viewer")).build(),
                HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).isEqualTo(200);
        response.body().close();
    }
}
