package dev.caravan.component.sunspec.gateway;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.caravan.component.sunspec.SunSpecComponent;
import dev.caravan.registry.Device;
import dev.caravan.registry.DeviceFilter;
import dev.caravan.registry.DeviceRegistry;
import dev.caravan.support.DeviceRoutes;

/**
 * Keeps one {@code sunspec-poll} route ({@code sunspec-poll-<device id>}) per registered device of protocol
 * {@code sunspec}, as the Modbus gateway does for protocol modbus: registered or changed devices are polled within
 * one sync interval, deleted ones no longer. A device a site route polls already is left to it; one whose metadata
 * is wrong is skipped, counted ({@code caravan.sunspec.devices.refused}) and logged once per distinct problem.
 */
@Component("sunspecRegistryDevices")
public class SunSpecRegistryDevices {

    static final String ROUTE_PREFIX = "sunspec-poll-";
    private static final String TEMPLATE = "sunspec-poll";
    private static final String PROTOCOL = "sunspec";
    private static final int PAGE = 500;
    private static final Logger LOG = LoggerFactory.getLogger(SunSpecRegistryDevices.class);

    private final DeviceRegistry registry;
    private final CamelContext camel;
    private final SunSpecComponent component;
    private final SunSpecProperties properties;
    private final Counter refused;
    private final Map<String, SunSpecDeviceSettings> polled = new HashMap<>();
    private final Map<String, String> reported = new HashMap<>();

    public SunSpecRegistryDevices(DeviceRegistry registry, CamelContext camel, SunSpecComponent component,
                                  SunSpecProperties properties, MeterRegistry meters) {
        this.registry = registry;
        this.camel = camel;
        this.component = component;
        this.properties = properties;
        this.refused = Counter.builder("caravan.sunspec.devices.refused")
                .description("Registered SunSpec devices that could not be polled (bad metadata)").register(meters);
    }

    public synchronized void sync() throws Exception {
        if (!properties.registryDevices()) {
            return;
        }
        List<Device> devices = sunspecDevices();
        Set<String> ids = new HashSet<>(devices.stream().map(Device::id).toList());
        for (String gone : polled.keySet().stream().filter(id -> !ids.contains(id)).toList()) {
            stop(gone);
            LOG.info("SunSpec device {} is no longer polled: it left the registry or changed protocol", gone);
        }
        reported.keySet().retainAll(ids);
        for (Device device : devices) {
            try {
                follow(device);
            } catch (Exception e) {
                refused.increment();
                report(device.id(), e.getMessage());
            }
        }
    }

    private void follow(Device device) throws Exception {
        SunSpecDeviceSettings settings = SunSpecDeviceSettings.of(device);
        SunSpecDeviceSettings running = polled.get(device.id());
        if (settings.equals(running)) {
            return;
        }
        if (running == null && component.polledDevice(device.id()).isPresent()) {
            report(device.id(), "a site route polls it already; not polled from the registry");
            return;
        }
        if (running != null) {
            stop(device.id());
        }
        start(device.id(), settings);
        reported.remove(device.id());
    }

    private List<Device> sunspecDevices() {
        return Stream.iterate(0, offset -> offset + PAGE)
                .map(offset -> registry.list(new DeviceFilter(null, null, null, PAGE, offset)))
                .takeWhile(page -> !page.isEmpty())
                .flatMap(List::stream)
                .filter(device -> PROTOCOL.equals(device.protocol()))
                .toList();
    }

    private void start(String deviceId, SunSpecDeviceSettings settings) throws Exception {
        DeviceRoutes.start(camel, TEMPLATE, ROUTE_PREFIX + deviceId, settings.templateParameters());
        polled.put(deviceId, settings);
        LOG.info("SunSpec device {} is polled from the registry: {}", deviceId, settings.templateParameters());
    }

    private void stop(String deviceId) throws Exception {
        DeviceRoutes.stop(camel, ROUTE_PREFIX + deviceId);
        polled.remove(deviceId);
    }

    private void report(String deviceId, String problem) {
        if (!Objects.equals(reported.put(deviceId, problem), problem)) {
            LOG.warn("SunSpec device {} is not polled: {}", deviceId, problem);
        }
    }
}
