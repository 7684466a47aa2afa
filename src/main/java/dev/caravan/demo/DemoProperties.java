package dev.caravan.demo;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Demo devices ({@code caravan.demo.*}): simulated MQTT displays, started with the embedded broker so that a first
 * run shows data flowing.
 */
@ConfigurationProperties("caravan.demo")
public record DemoProperties(boolean enabled, int devices, Duration telemetryInterval) {
}
