package dev.caravan.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.caravan.mqtt.BrokerLogin;
import dev.caravan.mqtt.MqttProperties;
import dev.caravan.registry.DeviceRegistry;
import dev.caravan.registry.DeviceSpec;
import dev.caravan.registry.GroupKind;

/**
 * Registers and starts the demo displays once the hub is ready (its consumers subscribed), in the embedded mode
 * only; {@code caravan.demo.enabled=false} turns them off.
 */
@Component
@DependsOn("embeddedMqttBroker")
@ConditionalOnExpression("${caravan.demo.enabled:true} and ${caravan.mqtt.embedded.enabled:false}")
public class DemoDevices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoDevices.class);
    static final String SITE = "demo-site";
    static final String ZONE = "demo-lobby";
    static final String FUNCTION = "signage";

    private final DemoProperties properties;
    private final MqttProperties mqtt;
    private final DeviceRegistry registry;
    private final ObjectMapper mapper;
    private final List<DemoDisplay> displays = new ArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-devices");
        t.setDaemon(true);
        return t;
    });

    public DemoDevices(DemoProperties properties, MqttProperties mqtt, DeviceRegistry registry, ObjectMapper mapper) {
        this.properties = properties;
        this.mqtt = mqtt;
        this.registry = registry;
        this.mapper = mapper;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        registry.ensureGroup(SITE, GroupKind.SITE, "Demo site", null);
        registry.ensureGroup(ZONE, GroupKind.ZONE, "Demo lobby", SITE);
        registry.ensureGroup(FUNCTION, GroupKind.FUNCTION, "Signage", null);
        for (int i = 1; i <= properties.devices(); i++) {
            String id = "demo-display-" + i;
            registry.upsert(new DeviceSpec(id, "display", "Caravan Demo Display 55\"", "1.4.2", "Demo lobby, wall "
                    + i, "mqtt", mapper.createObjectNode().put("simulated", true), List.of(SITE, ZONE, FUNCTION)));
            try {
                DemoDisplay display = new DemoDisplay(id, i, mqtt.brokerUrl(), mapper);
                display.start(scheduler, properties.telemetryInterval().toMillis(),
                        mqtt.login().map(BrokerLogin::username).orElse(null),
                        mqtt.login().map(BrokerLogin::password).orElse(null));
                displays.add(display);
            } catch (Exception e) {
                LOG.warn("demo display {} did not start: {}", id, e.getMessage());
            }
        }
        LOG.info("{} demo displays publishing every {} (caravan.demo.enabled=false turns them off)",
                displays.size(), properties.telemetryInterval());
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        displays.forEach(DemoDisplay::stop);
        displays.clear();
    }
}
