package dev.caravan.component.modbus.gateway;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Modbus gateway's settings ({@code caravan.modbus.*}).
 *
 * @param profilesDir          the register maps ({@code <profile>.yaml})
 * @param registryDevices      poll the registry's devices of protocol modbus; turn off on all hubs but one when
 *                             several hubs share a registry, or every hub would poll every device
 * @param registrySyncInterval how often the registry is compared with the running pollers
 */
@ConfigurationProperties("caravan.modbus")
public record ModbusProperties(String profilesDir, boolean registryDevices, Duration registrySyncInterval) {
}
