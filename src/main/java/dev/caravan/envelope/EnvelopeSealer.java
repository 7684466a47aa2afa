package dev.caravan.envelope;

import java.security.SecureRandom;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import dev.caravan.mqtt.CaravanHeaders;
import dev.caravan.mqtt.DeviceTopic;

/**
 * Seals what the hub sends to a device in advanced security (command, config) with the device's current key and the
 * hub's next counter towards it; other devices' payloads pass untouched. Used by the command dispatcher and the
 * configuration publisher, and as a processor in routes ({@code envelopeSealer}: the topic from
 * {@code CamelMqttTopic}, the body the plaintext).
 */
@Component("envelopeSealer")
public class EnvelopeSealer implements Processor {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DeviceKeys keys;
    private final EnvelopeCounters counters;
    private final MeterRegistry meters;

    public EnvelopeSealer(DeviceKeys keys, EnvelopeCounters counters, MeterRegistry meters) {
        this.keys = keys;
        this.counters = counters;
        this.meters = meters;
    }

    /**
     * The payload as the device must receive it on {@code topic}.
     *
     * @throws EnvelopeException when the device is in advanced security but has no key yet
     */
    public byte[] seal(String deviceId, String topic, byte[] plaintext) {
        if (!keys.advanced(deviceId)) {
            return plaintext;
        }
        DeviceKeys.DeviceKey key = keys.current(deviceId).orElseThrow(() -> new EnvelopeException("device "
                + deviceId + " has no key yet: POST /api/devices/" + deviceId + "/keys"));
        byte[] iv = new byte[Envelope.IV_BYTES];
        RANDOM.nextBytes(iv);
        meters.counter("caravan.envelopes.sealed").increment();
        return Envelope.seal(key.key(), deviceId, topic, key.version(), counters.nextOutbound(deviceId), iv,
                plaintext).toJson();
    }

    @Override
    public void process(Exchange exchange) {
        String topic = exchange.getMessage().getHeader(CaravanHeaders.TOPIC, String.class);
        DeviceTopic deviceTopic = DeviceTopic.parse(topic);
        exchange.getMessage().setBody(seal(deviceTopic.deviceId(), topic,
                exchange.getMessage().getBody(byte[].class)));
    }
}
