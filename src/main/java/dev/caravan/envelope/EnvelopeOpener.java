package dev.caravan.envelope;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.stereotype.Component;

import dev.caravan.deadletter.DeadLetterReason;
import dev.caravan.deadletter.InvalidMessageException;
import dev.caravan.mqtt.DeviceTopic;
import dev.caravan.mqtt.TopicKind;

/**
 * Opens the envelope of an inbound message from a device in advanced security, before the validator sees it
 * (camel/ingest.yaml): the key version must be the device's current one or one still in its grace period, the
 * envelope must authenticate for this device and topic, and its counter must be unused (it counts as used once the
 * message is handled). The body becomes the plaintext.
 * Anything else is refused with its reason (dead letter store). Messages of other devices pass untouched.
 */
@Component("envelopeOpener")
public class EnvelopeOpener implements Processor {

    /** Set on an opened message: the key version it was sealed with. */
    public static final String KEY_VERSION = "CaravanEnvelopeKeyVersion";

    private final DeviceKeys keys;
    private final EnvelopeCounters counters;
    private final ObjectMapper mapper;
    private final MeterRegistry meters;

    public EnvelopeOpener(DeviceKeys keys, EnvelopeCounters counters, ObjectMapper mapper, MeterRegistry meters) {
        this.keys = keys;
        this.counters = counters;
        this.mapper = mapper;
        this.meters = meters;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        DeviceTopic deviceTopic;
        try {
            deviceTopic = DeviceTopic.inbound(exchange);
        } catch (InvalidMessageException e) {
            return; // the validator refuses it with the reason
        }
        String topic = deviceTopic.topic();
        String deviceId = deviceTopic.deviceId();
        if (!deviceTopic.kind().isInbound() || !keys.advanced(deviceId)) {
            return;
        }
        byte[] plaintext = open(exchange, deviceId, topic, deviceTopic.kind(), message.getBody(byte[].class));
        meters.counter("caravan.envelopes.opened").increment();
        message.setBody(plaintext);
    }

    private byte[] open(Exchange exchange, String deviceId, String topic, TopicKind kind, byte[] payload) {
        Envelope envelope;
        try {
            envelope = Envelope.parse(payload);
        } catch (EnvelopeException e) {
            throw refused(DeadLetterReason.ENVELOPE_REQUIRED, "device " + deviceId + " speaks in envelopes"
                    + " (advanced security): " + e.getMessage());
        }
        Optional<DeviceKeys.DeviceKey> key = keys.versions(deviceId).stream()
                .filter(k -> k.version() == envelope.keyVersion()).findFirst();
        if (key.isEmpty()) {
            throw refused(DeadLetterReason.ENVELOPE_INVALID, "device " + deviceId + " has no key version "
                    + envelope.keyVersion() + (keys.versions(deviceId).isEmpty()
                    ? " (no key at all yet: POST /api/devices/" + deviceId + "/keys)" : ""));
        }
        if (!key.get().acceptedAt(Instant.now())) {
            throw refused(DeadLetterReason.KEY_RETIRED, "key version " + envelope.keyVersion() + " of " + deviceId
                    + " was retired at " + key.get().retireAt());
        }
        byte[] plaintext;
        try {
            plaintext = envelope.open(key.get().key(), deviceId, topic);
        } catch (EnvelopeException e) {
            throw refused(DeadLetterReason.ENVELOPE_INVALID, e.getMessage());
        }
        boolean status = kind == TopicKind.STATUS;
        EnvelopeCounters.Reservation counter = counters.reserveInbound(deviceId, envelope.counter(), status,
                status && online(plaintext)).orElseThrow(() -> refused(DeadLetterReason.REPLAYED, "counter "
                + envelope.counter() + " of " + deviceId + " was used already, or is too far below the highest"));
        // used once the message is handled (for telemetry: stored); free again if handling failed
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange done) {
                counter.used();
            }

            @Override
            public void onFailure(Exchange failed) {
                counter.released();
            }
        });
        return plaintext;
    }

    private boolean online(byte[] plaintext) {
        try {
            return "online".equals(mapper.readTree(plaintext).path("state").asText());
        } catch (IOException e) {
            return false; // the validator refuses it
        }
    }

    private InvalidMessageException refused(DeadLetterReason reason, String detail) {
        meters.counter("caravan.envelopes.refused", "reason", reason.name()).increment();
        return new InvalidMessageException(reason, detail);
    }
}
