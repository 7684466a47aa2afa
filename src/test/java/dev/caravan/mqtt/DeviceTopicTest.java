package dev.caravan.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.caravan.deadletter.DeadLetterReason;
import dev.caravan.deadletter.InvalidMessageException;

class DeviceTopicTest {

    @Test
    void parsesTheDeviceIdAndKindOfACanonicalTopic() {
        DeviceTopic topic = DeviceTopic.parse("device/meter-7.a_b:c/telemetry");

        assertThat(topic.deviceId()).isEqualTo("meter-7.a_b:c");
        assertThat(topic.kind()).isEqualTo(TopicKind.TELEMETRY);
        assertThat(topic.topic()).isEqualTo("device/meter-7.a_b:c/telemetry");
    }

    @Test
    void refusesADeviceIdLongerThan64Characters() {
        String id = "a".repeat(65);

        assertThatThrownBy(() -> DeviceTopic.parse("device/" + id + "/status"))
                .isInstanceOfSatisfying(InvalidMessageException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.BAD_DEVICE_ID))
                .hasMessageContaining("longer than 64");
    }

    @Test
    void refusesADeviceIdWithCharactersOutsideTheRules() {
        assertThatThrownBy(() -> DeviceTopic.parse("device/bad id!/telemetry"))
                .isInstanceOfSatisfying(InvalidMessageException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.BAD_DEVICE_ID));
        assertThatThrownBy(() -> DeviceTopic.parse("device/-starts-with-dash/telemetry"))
                .isInstanceOfSatisfying(InvalidMessageException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.BAD_DEVICE_ID));
    }

    @Test
    void refusesTopicsOutsideTheCanonicalSet() {
        for (String topic : new String[] {"device/x/metrics", "sensors/x/telemetry", "device//telemetry",
                "device/telemetry"}) {
            assertThatThrownBy(() -> DeviceTopic.parse(topic))
                    .as(topic)
                    .isInstanceOfSatisfying(InvalidMessageException.class,
                            e -> assertThat(e.reason()).isIn(DeadLetterReason.BAD_TOPIC,
                                    DeadLetterReason.BAD_DEVICE_ID));
        }
    }

    @Test
    void keepsTheRawDeviceSegmentOfABadTopicForTheDeadLetterEntry() {
        assertThat(DeviceTopic.rawDeviceId("device/bad id!/telemetry")).isEqualTo("bad id!");
        assertThat(DeviceTopic.rawDeviceId("elsewhere/x")).isNull();
    }

    @Test
    void knowsWhichTopicsDevicesSend() {
        assertThat(TopicKind.TELEMETRY.isInbound()).isTrue();
        assertThat(TopicKind.STATUS.isInbound()).isTrue();
        assertThat(TopicKind.RESPONSE.isInbound()).isTrue();
        assertThat(TopicKind.EVENT.isInbound()).isTrue();
        assertThat(TopicKind.COMMAND.isInbound()).isFalse();
        assertThat(TopicKind.CONFIG.isInbound()).isFalse();
    }
}
