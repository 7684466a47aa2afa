package dev.caravan.security;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.caravan.deadletter.DeadLetter;
import dev.caravan.deadletter.DeadLetterReason;
import dev.caravan.deadletter.DeadLetterStore;
import dev.caravan.deadletter.InvalidMessageException;
import dev.caravan.envelope.DeviceKeys;
import dev.caravan.envelope.Envelope;
import dev.caravan.envelope.EnvelopeException;
import dev.caravan.mqtt.BrokerLogin;
import dev.caravan.mqtt.DeviceTopic;
import dev.caravan.mqtt.MessageSender;
import dev.caravan.mqtt.MqttPublishException;
import dev.caravan.mqtt.OutboundGuard;
import dev.caravan.mqtt.OutboundMessage;
import dev.caravan.mqtt.TopicKind;

/**
 * The hub's own check of the device ACL ({@link dev.caravan.mqtt.DeviceAcl}), whatever the broker enforces
 * (docs/security.md#acl):
 * <ul>
 *   <li>inbound ({@code mqttAcl}, the first step of every ingest route): a message whose sender is known
 *       ({@link MessageSender}: stamped by the embedded broker, or the device an HTTP token authenticated) must come
 *       from the topic's device or from the hub itself;</li>
 *   <li>outbound (every publish of the client pool): a device topic must be a canonical one, and a command or
 *       configuration for a device in advanced security must be sealed, so that no plaintext leaves for it even from
 *       a site route that publishes directly.</li>
 * </ul>
 * A violation is counted ({@code caravan.acl.violations}), audited ({@code mqtt.acl.violation}) and dead-lettered
 * ({@code ACL_VIOLATION}).
 */
@Component("mqttAcl")
public class MqttSecurityService implements Processor, OutboundGuard {

    private static final Logger LOG = LoggerFactory.getLogger(MqttSecurityService.class);

    private final DeviceKeys keys;
    private final AuditLog audit;
    private final DeadLetterStore deadLetters;
    private final MeterRegistry meters;

    public MqttSecurityService(DeviceKeys keys, AuditLog audit, DeadLetterStore deadLetters, MeterRegistry meters) {
        this.keys = keys;
        this.audit = audit;
        this.deadLetters = deadLetters;
        this.meters = meters;
    }

    /**
     * Refuses an inbound message sent by someone other than its topic's device.
     *
     * @throws InvalidMessageException ACL_VIOLATION (the inbound error policy stores the dead letter)
     */
    @Override
    public void process(Exchange exchange) {
        String sender = MessageSender.of(exchange);
        if (sender == null || sender.equals(BrokerLogin.INTERNAL.username())) {
            return;
        }
        DeviceTopic topic;
        try {
            topic = DeviceTopic.inbound(exchange);
        } catch (InvalidMessageException e) {
            return; // the validator refuses it with the reason
        }
        if (!sender.equals(topic.deviceId()) || !topic.kind().isInbound()) {
            String detail = "device " + sender + " may not publish on " + topic.topic();
            violation("device:" + sender, "inbound", topic.topic(), detail);
            throw new InvalidMessageException(DeadLetterReason.ACL_VIOLATION, detail);
        }
    }

    @Override
    public void check(OutboundMessage message) {
        String topic = message.topic();
        if (topic == null || !topic.startsWith(DeviceTopic.PREFIX)) {
            return; // not a device's topic: site routes may publish elsewhere
        }
        DeviceTopic target;
        try {
            target = DeviceTopic.parse(topic);
        } catch (InvalidMessageException e) {
            refuse(message, "not a canonical device topic: " + e.getMessage());
            return;
        }
        boolean toDevice = target.kind() == TopicKind.COMMAND || target.kind() == TopicKind.CONFIG;
        boolean empty = message.payload() == null || message.payload().length == 0; // clears a retained message
        if (toDevice && !empty && keys.advanced(target.deviceId()) && !sealed(message.payload())) {
            refuse(message, "device " + target.deviceId() + " is in advanced security: a plaintext "
                    + target.kind().segment() + " may not be sent to it (seal it with envelopeSealer)");
        }
    }

    private static boolean sealed(byte[] payload) {
        try {
            Envelope.parse(payload);
            return true;
        } catch (EnvelopeException e) {
            return false;
        }
    }

    private void refuse(OutboundMessage message, String detail) {
        violation("hub", "outbound", message.topic(), detail);
        try {
            deadLetters.write(List.of(new DeadLetter(Instant.now(), "hub", message.topic(),
                    DeviceTopic.rawDeviceId(message.topic()), DeadLetterReason.ACL_VIOLATION, detail,
                    message.payload(), message.payload() == null ? 0 : message.payload().length)));
        } catch (RuntimeException e) {
            LOG.error("the refused publish to {} could not be kept as a dead letter: {}", message.topic(),
                    e.toString());
        }
        throw new AclViolationException(detail);
    }

    private void violation(String actor, String direction, String topic, String detail) {
        meters.counter("caravan.acl.violations", "direction", direction).increment();
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("detail", detail);
        audit.record(AuditEntry.of(actor, "mqtt.acl.violation", topic, "refused", json));
    }

    /** A publish the ACL refuses: it never reaches the broker, and retrying it cannot help. */
    public static final class AclViolationException extends MqttPublishException {

        AclViolationException(String detail) {
            super("refused by the ACL: " + detail, null);
        }
    }
}
