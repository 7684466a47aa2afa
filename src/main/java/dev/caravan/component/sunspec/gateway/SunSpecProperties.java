package dev.caravan.component.sunspec.gateway;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The SunSpec gateway's settings ({@code caravan.sunspec.*}).
 *
 * @param modelsDir            model definitions added to or replacing the shipped ones ({@code model_<id>.json})
 * @param mappingFile          points to telemetry keys; the shipped mapping when the file is absent
 * @param registryDevices      poll the registry's devices of protocol sunspec; on in one hub only when several hubs
 *                             share a registry, or every hub polls every device
 * @param registrySyncInterval how often the registry is compared with the running pollers
 */
@ConfigurationProperties("caravan.sunspec")
public record SunSpecProperties(String modelsDir, String mappingFile, boolean registryDevices,
                                Duration registrySyncInterval) {
}
