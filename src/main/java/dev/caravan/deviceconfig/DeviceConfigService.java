package dev.caravan.deviceconfig;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

import dev.caravan.mqtt.DeviceTopic;
import dev.caravan.mqtt.MqttConnectionPoolService;
import dev.caravan.envelope.EnvelopeSealer;
import dev.caravan.mqtt.OutboundMessage;
import dev.caravan.mqtt.TopicKind;
import dev.caravan.registry.DeviceRegistry;
import dev.caravan.status.DeviceStatusReported;
import dev.caravan.support.BadRequestException;
import dev.caravan.support.NotFoundException;

/**
 * Retained device configuration: {@code PUT /api/devices/{id}/config} stores a new version and publishes
 * {@code {"version":n,"config":{…}}} retained at QoS 1 on {@code device/{id}/config}, so that the device gets it
 * whenever it (re)subscribes. A publish the broker did not acknowledge is repeated by the sweep. The device reports
 * the version it applied as {@code configVersion} in its status.
 */
@Service("deviceConfigService")
public class DeviceConfigService {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceConfigService.class);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_CONFIG_CHARS = 64 * 1024;

    private final DeviceConfigRepository repository;
    private final DeviceRegistry registry;
    private final MqttConnectionPoolService pool;
    private final ObjectMapper mapper;
    private final EnvelopeSealer sealer;

    public DeviceConfigService(DeviceConfigRepository repository, DeviceRegistry registry,
                               MqttConnectionPoolService pool, ObjectMapper mapper, EnvelopeSealer sealer) {
        this.sealer = sealer;
        this.repository = repository;
        this.registry = registry;
        this.pool = pool;
        this.mapper = mapper;
    }

    public DeviceConfig get(String deviceId) {
        registry.get(deviceId);
        return repository.find(deviceId).orElseThrow(() ->
                new NotFoundException("device '" + deviceId + "' has no configuration yet"));
    }

    public DeviceConfig replace(String deviceId, JsonNode config) {
        registry.get(deviceId);
        if (config == null || !config.isObject()) {
            throw new BadRequestException("the configuration must be a JSON object");
        }
        if (config.toString().length() > MAX_CONFIG_CHARS) {
            throw new BadRequestException("the configuration is larger than " + MAX_CONFIG_CHARS + " characters");
        }
        DeviceConfig stored = repository.replace(deviceId, config);
        publish(stored);
        return repository.find(deviceId).orElse(stored);
    }

    /** Repeats the publishes the broker did not acknowledge (called by the command sweep). */
    public void publishPending() {
        repository.unpublished().forEach(this::publish);
    }

    private void publish(DeviceConfig config) {
        byte[] payload = mapper.createObjectNode().put("version", config.version()).set("config", config.config())
                .toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try {
            String topic = DeviceTopic.of(config.deviceId(), TopicKind.CONFIG);
            pool.publish(new OutboundMessage(topic, sealer.seal(config.deviceId(), topic, payload), 1, true,
                    null)).get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            repository.published(config.deviceId(), config.version());
        } catch (Exception e) {
            LOG.warn("Configuration version {} of {} not published yet ({}); it will be repeated", config.version(),
                    config.deviceId(), e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        }
    }

    @EventListener
    public void onStatus(DeviceStatusReported status) {
        JsonNode version = status.status().get("configVersion");
        if (version != null && version.canConvertToInt()) {
            repository.reported(status.deviceId(), version.asInt(), status.at());
        }
    }

    /** The view of {@code GET /api/devices/{id}/config}. */
    public record View(String deviceId, Desired desired, Reported reported, boolean inSync) {

        public static View of(DeviceConfig c) {
            return new View(c.deviceId(), new Desired(c.version(), c.config(), c.published(), c.updatedAt()),
                    c.reportedVersion() == null ? null : new Reported(c.reportedVersion(), c.reportedAt()),
                    c.reportedVersion() != null && c.reportedVersion() == c.version());
        }
    }

    public record Desired(int version, JsonNode config, boolean published, Instant updatedAt) {
    }

    public record Reported(int version, Instant at) {
    }
}
