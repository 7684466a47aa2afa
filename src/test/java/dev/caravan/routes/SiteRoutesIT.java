package dev.caravan.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.caravan.testing.HubApi;
import dev.caravan.testing.HubEndpoints;
import dev.caravan.testing.HubTest;
import dev.caravan.testing.TestDevice;

/**
 * The site's routes: the files of the repository's routes/ folder (copied to a temporary folder) are loaded at start,
 * and in the dev profile a file dropped into the folder is loaded without a restart.
 */
@HubTest
@ActiveProfiles({"it", "dev"})
class SiteRoutesIT {

    static Path routesDir;

    @DynamicPropertySource
    static void routesFolder(DynamicPropertyRegistry registry) throws IOException {
        routesDir = Files.createTempDirectory("caravan-routes-");
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Files.copy(file, routesDir.resolve(file.getFileName()));
            }
        }
        registry.add("caravan.routes.dir", routesDir::toString);
    }

    @Autowired
    Environment env;

    @Autowired
    CamelContext camel;

    @Test
    void theExampleBridgeTurnsBareLegacyReadingsIntoCanonicalTelemetry() {
        assertThat(camel.getRoute("legacy-temperature-bridge")).as("loaded from " + routesDir).isNotNull();
        HubApi api = HubEndpoints.api(env);
        try (TestDevice legacy = TestDevice.connect(HubEndpoints.brokerUrl(env), "legacy-sensor")) {
            legacy.publish("legacy/boiler-1/temperature", "21.5");

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                    api.get("/devices/boiler-1/telemetry/latest").json().at("/values/temperature/value").asDouble())
                    .isEqualTo(21.5));
        }
    }

    @Test
    void aLegacyReadingThatIsNotANumberEndsAsADeadLetter() {
        HubApi api = HubEndpoints.api(env);
        try (TestDevice legacy = TestDevice.connect(HubEndpoints.brokerUrl(env), "legacy-sensor-2")) {
            legacy.publish("legacy/boiler-2/temperature", "warm");

            await().atMost(Duration.ofSeconds(15)).until(() -> api.get(
                    "/deadletters?deviceId=boiler-2&reason=INVALID_JSON").json().get("items").size() == 1);
        }
    }

    @Test
    void aRouteFileDroppedIntoTheFolderIsStartedWithoutARestart() throws IOException {
        assertThat(camel.getRoute("dropped-in")).isNull();

        // written beside and moved in, so that the watcher never sees a half-written file
        Path draft = Files.createTempFile("dropped-in", ".draft");
        Files.writeString(draft, """
                - route:
                    id: dropped-in
                    from:
                      uri: timer:dropped-in
                      parameters:
                        period: 60000
                      steps:
                        - log: "a route added at run time"
                """);
        Files.move(draft, routesDir.resolve("dropped-in.yaml"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);

        await().atMost(Duration.ofSeconds(30)).until(() -> camel.getRoute("dropped-in") != null
                && camel.getRouteController().getRouteStatus("dropped-in").isStarted());
        assertThat(camel.getRoute("legacy-temperature-bridge")).as("other routes keep running").isNotNull();
    }
}
