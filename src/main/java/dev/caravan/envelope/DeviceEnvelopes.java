package dev.caravan.envelope;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/**
 * The device's side of advanced security, for device makers (docs/envelope.md): seals what the device publishes
 * (status, telemetry, response, event) and opens what the hub sends (command, config), refusing replays. Plain JDK,
 * no state to keep across restarts: the counter starts from the clock in microseconds and counts up by one, so that
 * it keeps increasing through a restart as long as the clock does and the device sends fewer than a million messages
 * per second of its uptime.
 *
 * <pre>{@code
 * DeviceEnvelopes envelopes = new DeviceEnvelopes("display-7", 1, key);
 * byte[] will = envelopes.sealWill("{\"state\":\"offline\"}");        // before connecting: the Last Will
 * client.publish("device/display-7/status", envelopes.seal("device/display-7/status", "{\"state\":\"online\"}"));
 * byte[] command = envelopes.open("device/display-7/command", payload); // throws EnvelopeException if not genuine
 * }</pre>
 */
public final class DeviceEnvelopes {

    private final String deviceId;
    private final int keyVersion;
    private final byte[] key;
    private final SecureRandom random = new SecureRandom();
    private long counter;
    private final ReplayWindow fromHub = new ReplayWindow();

    public DeviceEnvelopes(String deviceId, int keyVersion, byte[] key) {
        if (key.length != Envelope.KEY_BYTES) {
            throw new IllegalArgumentException("the device key has " + Envelope.KEY_BYTES + " bytes");
        }
        this.deviceId = deviceId;
        this.keyVersion = keyVersion;
        this.key = key.clone();
        this.counter = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
    }

    /** Seals a payload for one of the device's own topics ({@code device/{id}/telemetry}, …). */
    public synchronized byte[] seal(String topic, byte[] plaintext) {
        counter++;
        byte[] iv = new byte[Envelope.IV_BYTES];
        random.nextBytes(iv);
        return Envelope.seal(key, deviceId, topic, keyVersion, counter, iv, plaintext).toJson();
    }

    public byte[] seal(String topic, String plaintext) {
        return seal(topic, plaintext.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The Last Will for {@code device/{id}/status}, sealed before connecting. It takes a counter of its own, and the
     * next sealed message must be the "online" status: the hub accepts the will once, by the counter just before
     * that status's.
     */
    public byte[] sealWill(String offlineStatus) {
        return seal("device/" + deviceId + "/status", offlineStatus);
    }

    /** Opens what the hub sent on {@code topic}; refuses an envelope that is not genuine or whose counter was used. */
    public synchronized byte[] open(String topic, byte[] payload) {
        Envelope envelope = Envelope.parse(payload);
        if (envelope.keyVersion() != keyVersion) {
            throw new EnvelopeException("sealed with key version " + envelope.keyVersion() + ", this device has "
                    + keyVersion);
        }
        byte[] plaintext = envelope.open(key, deviceId, topic);
        if (fromHub.used(envelope.counter())) {
            throw new EnvelopeException("replayed: counter " + envelope.counter() + " was used already");
        }
        fromHub.use(envelope.counter());
        return plaintext;
    }
}
