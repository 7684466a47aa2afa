package dev.caravan.component.sunspec.gateway;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.caravan.component.sunspec.SunSpecConstants;
import dev.caravan.registry.Device;
import dev.caravan.registry.DeviceRegistry;
import dev.caravan.registry.DeviceSpec;
import dev.caravan.support.NotFoundException;

/**
 * Stores what a SunSpec device says it is in the registry: {@code model} ← Md, {@code firmwareVersion} ← Vr, and
 * {@code metadata.sunspec} = {manufacturer, model, serialNumber, version, baseAddress, models}. Written when it
 * changes, not at every poll. A device not (yet) in the registry, such as one of a site route before its first
 * telemetry registered it, is tried again at the next poll.
 */
@Component("sunspecIdentities")
public class SunSpecIdentities {

    static final String METADATA_FIELD = "sunspec";
    private static final Logger LOG = LoggerFactory.getLogger(SunSpecIdentities.class);

    private final DeviceRegistry registry;
    private final ObjectMapper mapper;
    private final Map<String, ObjectNode> stored = new ConcurrentHashMap<>();

    public SunSpecIdentities(DeviceRegistry registry, ObjectMapper mapper) {
        this.registry = registry;
        this.mapper = mapper;
    }

    /** From a telemetry message of the sunspec: consumer (its identity, model and base address headers). */
    public void store(Message message) {
        String deviceId = message.getHeader(SunSpecConstants.DEVICE_ID, String.class);
        ObjectNode found = mapper.createObjectNode();
        Map<?, ?> identity = message.getHeader(SunSpecConstants.IDENTITY, Map.of(), Map.class);
        identity.forEach((key, value) -> found.put(String.valueOf(key), String.valueOf(value)));
        found.put("baseAddress", message.getHeader(SunSpecConstants.BASE_ADDRESS, Integer.class));
        found.set("models", mapper.valueToTree(message.getHeader(SunSpecConstants.MODELS, List.of(), List.class)));
        if (deviceId == null || found.equals(stored.get(deviceId))) {
            return;
        }
        try {
            Device device = registry.get(deviceId);
            ObjectNode metadata = device.metadata() != null && device.metadata().isObject()
                    ? ((ObjectNode) device.metadata()).deepCopy() : mapper.createObjectNode();
            metadata.set(METADATA_FIELD, found);
            registry.update(deviceId, new DeviceSpec(deviceId, device.type(),
                    found.path("model").asText(device.model()), found.path("version").asText(device.firmwareVersion()),
                    device.location(), device.protocol(), metadata, device.groups()));
            stored.put(deviceId, found);
            LOG.info("SunSpec device {} is {}", deviceId, found);
        } catch (NotFoundException e) {
            LOG.debug("SunSpec device {} is not registered yet; its identity is stored later", deviceId);
        }
    }
}
