package dev.caravan.component.modbus.gateway;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.caravan.component.modbus.ModbusComponent;
import dev.caravan.registry.Device;
import dev.caravan.registry.DeviceFilter;
import dev.caravan.registry.DeviceRegistry;
import dev.caravan.support.DeviceRoutes;

/**
 * Keeps one {@code modbus-poll} route per registered device of protocol {@code modbus} (route id
 * {@code modbus-poll-<device id>}): a device registered or changed through the API is polled within one sync
 * interval, a deleted one is no longer polled. A device a site route already polls is left to that route. A device
 * whose settings are wrong is skipped, counted, and logged once per distinct problem.
 */
@Component("modbusRegistryDevices")
public class ModbusRegistryDevices {

    static final String ROUTE_PREFIX = "modbus-poll-";
    private static final Logger LOG = LoggerFactory.getLogger(ModbusRegistryDevices.class);
    private static final int PAGE = 500;

    private final DeviceRegistry registry;
    private final CamelContext camel;
    private final ModbusComponent component;
    private final ModbusProperties properties;
    private final Counter refused;
    private final Map<String, ModbusDeviceSettings> running = new HashMap<>();
    private final Map<String, String> problems = new HashMap<>();

    public ModbusRegistryDevices(DeviceRegistry registry, CamelContext camel, ModbusComponent component,
                                 ModbusProperties properties, MeterRegistry meters) {
        this.registry = registry;
        this.camel = camel;
        this.component = component;
        this.properties = properties;
        this.refused = Counter.builder("caravan.modbus.devices.refused")
                .description("Registered Modbus devices that could not be polled (bad metadata or profile)")
                .register(meters);
    }

    public synchronized void sync() throws Exception {
        if (!properties.registryDevices()) {
            return;
        }
        Map<String, Device> wanted = modbusDevices();
        for (String id : List.copyOf(running.keySet())) {
            if (!wanted.containsKey(id)) {
                remove(id);
                LOG.info("device {} is no longer polled: it left the registry or changed protocol", id);
            }
        }
        problems.keySet().retainAll(wanted.keySet());
        for (Device device : wanted.values()) {
            try {
                ModbusDeviceSettings settings = ModbusDeviceSettings.of(device);
                if (settings.equals(running.get(device.id()))) {
                    continue;
                }
                if (running.containsKey(device.id())) {
                    remove(device.id());
                } else if (component.polledDevice(device.id()).isPresent()) {
                    problem(device.id(), "a site route polls it already; not polled from the registry");
                    continue;
                }
                add(device.id(), settings);
                problems.remove(device.id());
            } catch (Exception e) {
                refused.increment();
                problem(device.id(), e.getMessage());
            }
        }
    }

    private Map<String, Device> modbusDevices() {
        Map<String, Device> devices = new LinkedHashMap<>();
        for (int offset = 0; ; offset += PAGE) {
            List<Device> page = registry.list(new DeviceFilter(null, null, null, PAGE, offset));
            page.stream().filter(d -> "modbus".equals(d.protocol())).forEach(d -> devices.put(d.id(), d));
            if (page.size() < PAGE) {
                return devices;
            }
        }
    }

    private void add(String deviceId, ModbusDeviceSettings settings) throws Exception {
        DeviceRoutes.start(camel, "modbus-poll", ROUTE_PREFIX + deviceId, settings.templateParameters());
        running.put(deviceId, settings);
        LOG.info("device {} is polled from the registry: {}", deviceId, settings.templateParameters());
    }

    private void remove(String deviceId) throws Exception {
        DeviceRoutes.stop(camel, ROUTE_PREFIX + deviceId);
        running.remove(deviceId);
    }

    private void problem(String deviceId, String problem) {
        if (!Objects.equals(problems.put(deviceId, problem), problem)) {
            LOG.warn("Modbus device {} is not polled: {}", deviceId, problem);
        }
    }
}
