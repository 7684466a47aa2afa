package dev.caravan.ops;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import dev.caravan.mqtt.MqttConnectionPoolService;
import dev.caravan.mqtt.MqttProperties;

/** {@code mqtt} in /actuator/health: up while the hub has a connection to the broker. */
@Component("mqtt")
public class MqttHealthIndicator implements HealthIndicator {

    private final MqttConnectionPoolService pool;
    private final MqttProperties properties;

    public MqttHealthIndicator(MqttConnectionPoolService pool, MqttProperties properties) {
        this.pool = pool;
        this.properties = properties;
    }

    @Override
    public Health health() {
        int connected = pool.connectedClients();
        Health.Builder health = connected > 0 ? Health.up() : Health.down();
        return health.withDetail("broker", properties.brokerUrl())
                .withDetail("embedded", properties.embedded().enabled())
                .withDetail("poolConnected", connected)
                .withDetail("poolSize", pool.size())
                .build();
    }
}
