package dev.caravan.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import dev.caravan.testing.HubTest;

/**
 * The health answers UP only while the hub accepts traffic: not yet while it starts its routes, no longer while it
 * shuts down (Spring's readiness state, set here by hand).
 */
@HubTest
class HealthReadinessIT {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    private int healthStatus() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @AfterEach
    void acceptTrafficAgain() {
        AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
    }

    @Test
    void aHubThatRefusesTrafficIsNotHealthy() throws Exception {
        assertThat(healthStatus()).isEqualTo(200);

        AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);

        assertThat(healthStatus()).isEqualTo(503);
    }
}
