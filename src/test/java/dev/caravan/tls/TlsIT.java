package dev.caravan.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import dev.caravan.testing.DevCertificates;
import dev.caravan.testing.HubApi;
import dev.caravan.testing.HubTest;
import dev.caravan.testing.OutsideTools;
import dev.caravan.testing.OutsideTools.Result;

/**
 * MQTT over TLS and HTTPS with certificates made by the repository's tls/dev-ca.sh, checked with outside clients
 * (mosquitto_pub, openssl s_client) and Java's own: mutual TLS on both, a device logs in with its certificate alone,
 * TLS 1.2 and 1.3 only.
 */
@HubTest
@TestPropertySource(properties = {
        "caravan.mqtt.embedded.device-authentication=true",
        "caravan.mqtt.embedded.tls.keystore-password=" + DevCertificates.PASSWORD,
        "caravan.mqtt.embedded.tls.truststore-password=" + DevCertificates.PASSWORD,
        "caravan.mqtt.embedded.tls.client-auth=required",
        "caravan.api.tls.keystore-password=" + DevCertificates.PASSWORD,
        "caravan.api.tls.truststore-password=" + DevCertificates.PASSWORD,
        "caravan.api.tls.client-auth=required"})
class TlsIT {

    private static final String PASSWORD = DevCertificates.PASSWORD;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static DevCertificates certs;
    private static String device;

    @Autowired
    Environment env;

    @BeforeAll
    static void makeDevelopmentCertificates() throws Exception {
        OutsideTools.require("Debian: apt-get install mosquitto-clients", "mosquitto_pub");
        device = "tls-" + UUID.randomUUID().toString().substring(0, 8);
        certs = DevCertificates.make().device(device).device("unregistered-" + device);
    }

    @DynamicPropertySource
    static void certificates(DynamicPropertyRegistry registry) {
        for (String listener : List.of("caravan.mqtt.embedded.tls", "caravan.api.tls")) {
            registry.add(listener + ".keystore", () -> certs.file("server.p12").toString());
            registry.add(listener + ".truststore", () -> certs.file("truststore.p12").toString());
        }
        // the hub signs devices' certificates with the same development CA the listener trusts
        registry.add("caravan.security.device-ca.certificate", () -> certs.file("ca.crt").toString());
        registry.add("caravan.security.device-ca.key", () -> certs.file("ca.key").toString());
    }

    @BeforeEach
    void registerTheDevice() throws Exception {
        register(device);
    }

    private void register(String id) throws Exception {
        if (https("/devices/" + id, true).statusCode() == 404) {
            assertThat(post("/devices", "{\"id\":\"" + id + "\",\"type\":\"meter\"}").statusCode()).isEqualTo(201);
        }
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(json == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return send(json == null ? request : request.header("Content-Type", "application/json"), true);
    }

    private int tlsPort() {
        return env.getRequiredProperty("caravan.mqtt.embedded.tls-port", Integer.class);
    }

    private URI uri(String path) {
        return URI.create("https://localhost:" + env.getRequiredProperty("caravan.api.port") + "/api" + path);
    }

    private HttpResponse<String> https(String path, boolean withClientCertificate) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET(), withClientCertificate);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, boolean withClientCertificate) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(sslContext(withClientCertificate))
                .connectTimeout(Duration.ofSeconds(10)).build();
        return client.send(request.header("X-API-Key", HubApi.ADMIN_KEY).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Trusts the development CA; with the device's certificate as the client's. */
    private static SSLContext sslContext(boolean withClientCertificate) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load("truststore.p12"));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(withClientCertificate ? load("device-" + device + ".p12") : null, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(withClientCertificate ? keys.getKeyManagers() : null, trust.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(String file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certs.file(file))) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private Result mosquittoPub(String certificateOf, String topic, String payload) throws Exception {
        return mosquittoPub(certs.file("device-" + certificateOf + ".crt"),
                certs.file("device-" + certificateOf + ".key"), topic, payload);
    }

    private Result mosquittoPub(Path certificate, Path key, String topic, String payload) throws Exception {
        return OutsideTools.run(List.of("mosquitto_pub", "-V", "mqttv5", "-h", "localhost", "-p",
                String.valueOf(tlsPort()), "--cafile", certs.file("ca.crt").toString(),
                "--cert", certificate.toString(), "--key", key.toString(),
                "-i", UUID.randomUUID().toString(), "-q", "1", "-t", topic, "-m", payload), Map.of(), 30);
    }

    private Result sClient(String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + tlsPort(),
                "-CAfile", certs.file("ca.crt").toString(),
                "-cert", certs.file("device-" + device + ".crt").toString(),
                "-key", certs.file("device-" + device + ".key").toString()));
        command.addAll(List.of(options));
        return OutsideTools.run(command, Map.of(), 30);
    }

    private int stored(String id) throws Exception {
        HttpResponse<String> series = https("/devices/" + id + "/telemetry?keys=n", true);
        return series.statusCode() == 200 ? JSON.readTree(series.body()).at("/series/n").size() : 0;
    }

    @Test
    void aDeviceLogsInOverTlsWithItsClientCertificateAloneAndItsTelemetryIsStored() throws Exception {
        Result published = mosquittoPub(device, "device/" + device + "/telemetry", "{\"n\":1}");

        assertThat(published.exitCode()).as(published.output()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> stored(device) == 1);
    }

    @Test
    void aCertificateOfAnUnregisteredDeviceIsRefused() throws Exception {
        Result refused = mosquittoPub("unregistered-" + device, "device/unregistered-" + device + "/telemetry",
                "{\"n\":1}");

        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
        assertThat(refused.output()).containsIgnoringCase("not authori");
    }

    @Test
    void withoutAClientCertificateTheBrokerRefusesTheHandshake() throws Exception {
        Result refused = OutsideTools.run(List.of("mosquitto_pub", "-V", "mqttv5", "-h", "localhost", "-p",
                String.valueOf(tlsPort()), "--cafile", certs.file("ca.crt").toString(), "-u", device, "-P",
                "any", "-t", "device/" + device + "/telemetry", "-m", "{\"n\":2}"), Map.of(), 30);

        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
    }

    @Test
    void theBrokerSpeaksTls13AndTls12() throws Exception {
        assertThat(sClient("-tls1_3", "-brief").output()).contains("Protocol version: TLSv1.3");
        assertThat(sClient("-tls1_2", "-brief").output()).contains("Protocol version: TLSv1.2");
    }

    @Test
    void theBrokerRefusesTls11() throws Exception {
        // SECLEVEL=0 lets this openssl offer TLS 1.1 at all; the broker must still refuse it
        Result refused = sClient("-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0", "-brief");

        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
        assertThat(refused.output()).doesNotContain("Protocol version: TLSv1.1");
    }

    @Test
    void aCertificateIssuedByTheHubIsTheDevicesLoginOverTls() throws Exception {
        String id = "issued-" + UUID.randomUUID().toString().substring(0, 8);
        register(id);

        JsonNode issued = json(post("/devices/" + id + "/certificate", null), 201);
        Path certificate = write(id + ".crt", issued.get("certificate").asText());
        Path key = write(id + ".key", issued.get("privateKey").asText());
        Result published = mosquittoPub(certificate, key, "device/" + id + "/telemetry", "{\"n\":3}");

        assertThat(published.exitCode()).as(published.output()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> stored(id) == 1);
    }

    @Test
    void aCertificateRequestIsSignedForTheDeviceWhateverSubjectItAsksFor() throws Exception {
        String id = "csr-" + UUID.randomUUID().toString().substring(0, 8);
        register(id);
        Path key = certs.file(id + ".key");
        Path csr = certs.file(id + ".csr");
        Result made = OutsideTools.run(List.of("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=someone-else", "-keyout", key.toString(), "-out",
                csr.toString()), Map.of(), 30);
        assertThat(made.exitCode()).as(made.output()).isZero();

        JsonNode issued = json(post("/devices/" + id + "/certificate", JSON.createObjectNode()
                .put("csr", Files.readString(csr)).toString()), 201);

        assertThat(issued.has("privateKey")).as("the device keeps its own key").isFalse();
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(issued.get("certificate").asText().getBytes(StandardCharsets.US_ASCII)));
        assertThat(certificate.getSubjectX500Principal().getName()).contains("CN=" + id)
                .doesNotContain("someone-else");
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2"); // TLS client only
        Result published = mosquittoPub(write(id + ".crt", issued.get("certificate").asText()), key,
                "device/" + id + "/telemetry", "{\"n\":4}");
        assertThat(published.exitCode()).as(published.output()).isZero();
    }

    @Test
    void aRequestThatIsNotPkcs10IsRefused400() throws Exception {
        HttpResponse<String> refused = post("/devices/" + device + "/certificate", "{\"csr\":\"hello\"}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("PKCS#10");
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static Path write(String name, String content) throws Exception {
        return Files.writeString(certs.file(name), content);
    }

    @Test
    void theApiAnswersOverHttpsToACallerWithACertificateAndAKey() throws Exception {
        HttpResponse<String> whoami = https("/whoami", true);

        assertThat(whoami.statusCode()).isEqualTo(200);
        assertThat(whoami.body()).contains("admin");
    }

    @Test
    void theApiRefusesACallerWithoutAClientCertificate() {
        assertThatThrownBy(() -> https("/whoami", false)).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void theApiSpeaksNoPlainHttp() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        URI plainUri = URI.create(uri("/whoami").toString().replace("https://", "http://"));

        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(plainUri).header("X-API-Key", HubApi.ADMIN_KEY)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.io.IOException.class);
    }
}
