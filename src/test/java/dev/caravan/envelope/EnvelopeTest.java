package dev.caravan.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class EnvelopeTest {

    /** The test vector of docs/envelope.md. */
    private static final byte[] KEY = HexFormat.of()
            .parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final byte[] IV = HexFormat.of().parseHex("a0a1a2a3a4a5a6a7a8a9aaab");
    private static final String DEVICE = "meter-7";
    private static final String TOPIC = "device/meter-7/telemetry";
    private static final byte[] PLAINTEXT = "{\"power_w\":1234.5}".getBytes(StandardCharsets.UTF_8);
    /** Computed independently with Python's cryptography (AESGCM), not with the code under test. */
    private static final String VECTOR = "{\"v\":1,\"kid\":2,\"ctr\":1700000000000001,"
            + "\"iv\":\"oKGio6Slpqeoqaqr\",\"ct\":\"nToMQjKucOAVR73iNUn08EXRy8suorm0TDROsPR95uhqEQ==\"}";

    private static Envelope sealed() {
        return Envelope.seal(KEY, DEVICE, TOPIC, 2, 1_700_000_000_000_001L, IV, PLAINTEXT);
    }

    @Test
    void theTestVectorOfTheDocsIsWhatSealingGives() {
        String json = new String(sealed().toJson(), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo(VECTOR);
    }

    @Test
    void theAssociatedDataBindsDeviceTopicKeyVersionAndCounter() {
        assertThat(new String(Envelope.associatedData(DEVICE, TOPIC, 2, 1_700_000_000_000_001L),
                StandardCharsets.UTF_8)).isEqualTo("caravan-envelope-v1\nmeter-7\ndevice/meter-7/telemetry\n2\n"
                + "1700000000000001");
    }

    @Test
    void aSealedEnvelopeOpensToItsPlaintext() {
        Envelope parsed = Envelope.parse(sealed().toJson());

        assertThat(parsed.open(KEY, DEVICE, TOPIC)).isEqualTo(PLAINTEXT);
        assertThat(parsed.keyVersion()).isEqualTo(2);
        assertThat(parsed.counter()).isEqualTo(1_700_000_000_000_001L);
    }

    @Test
    void aChangedCiphertextDoesNotOpen() {
        Envelope e = sealed();
        byte[] changed = e.ciphertext().clone();
        changed[changed.length - 1] ^= 0x01;

        assertThatThrownBy(() -> new Envelope(1, 2, e.counter(), e.iv(), changed).open(KEY, DEVICE, TOPIC))
                .isInstanceOf(EnvelopeException.class).hasMessageContaining("does not authenticate");
    }

    @Test
    void aChangedCounterDoesNotOpen() {
        Envelope e = sealed();

        assertThatThrownBy(() -> new Envelope(1, 2, e.counter() + 1, e.iv(), e.ciphertext()).open(KEY, DEVICE, TOPIC))
                .isInstanceOf(EnvelopeException.class);
    }

    @Test
    void anotherDeviceOrTopicDoesNotOpenIt() {
        assertThatThrownBy(() -> sealed().open(KEY, "meter-8", TOPIC)).isInstanceOf(EnvelopeException.class);
        assertThatThrownBy(() -> sealed().open(KEY, DEVICE, "device/meter-7/event"))
                .isInstanceOf(EnvelopeException.class);
    }

    @Test
    void anotherKeyDoesNotOpenIt() {
        byte[] other = KEY.clone();
        other[0] = 9;

        assertThatThrownBy(() -> sealed().open(other, DEVICE, TOPIC)).isInstanceOf(EnvelopeException.class);
    }

    @Test
    void plainJsonIsNotAnEnvelope() {
        assertThatThrownBy(() -> Envelope.parse("{\"power_w\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EnvelopeException.class).hasMessageContaining("not an envelope");
        assertThatThrownBy(() -> Envelope.parse("garbage".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EnvelopeException.class);
    }

    @Test
    void aDeviceRefusesACommandItHasSeenAlready() {
        DeviceEnvelopes device = new DeviceEnvelopes(DEVICE, 2, KEY);
        byte[] command = Envelope.seal(KEY, DEVICE, "device/meter-7/command", 2, 5, IV,
                "{\"type\":\"RELOAD\"}".getBytes(StandardCharsets.UTF_8)).toJson();

        assertThat(new String(device.open("device/meter-7/command", command), StandardCharsets.UTF_8))
                .contains("RELOAD");
        assertThatThrownBy(() -> device.open("device/meter-7/command", command))
                .isInstanceOf(EnvelopeException.class).hasMessageContaining("replayed");
    }

    @Test
    void aDevicesCountersIncrease() {
        DeviceEnvelopes device = new DeviceEnvelopes(DEVICE, 2, KEY);

        long first = Envelope.parse(device.seal(TOPIC, "{}")).counter();
        long second = Envelope.parse(device.seal(TOPIC, "{}")).counter();

        assertThat(second).isGreaterThan(first);
    }
}
