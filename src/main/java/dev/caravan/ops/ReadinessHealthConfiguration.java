package dev.caravan.ops;

import org.springframework.boot.actuate.availability.ReadinessStateHealthIndicator;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code /actuator/health} says UP only once the hub is ready for traffic. Camel's supervising route controller starts
 * the routes one by one after the Camel context reports itself started, which is what Camel's health check looks at;
 * in between, the health said UP while the HTTP API answered 404 (with no body) for operations whose route had not
 * started yet. Spring's readiness state turns to ACCEPTING_TRAFFIC once the application has started, after every
 * route was started; until then the health is OUT_OF_SERVICE (503). Named as Spring Boot names its own (on
 * Kubernetes, or with {@code management.endpoint.health.probes.enabled}), which then stands back.
 */
@Configuration(proxyBeanMethods = false)
public class ReadinessHealthConfiguration {

    @Bean
    ReadinessStateHealthIndicator readinessStateHealthIndicator(ApplicationAvailability availability) {
        return new ReadinessStateHealthIndicator(availability);
    }
}
