package dev.caravan.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.caravan.registry.DeviceState;
import dev.caravan.status.StatusRepository.TrackedDevice;

class HeartbeatDecisionTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static HeartbeatMonitor.Decision decide(DeviceState state, Instant changedAt, Instant lastSeen) {
        return HeartbeatMonitor.decide(new TrackedDevice("d", "display", state, changedAt, null), lastSeen, NOW,
                TIMEOUT);
    }

    @Test
    void anOnlineDeviceSilentLongerThanItsTimeoutGoesOffline() {
        HeartbeatMonitor.Decision decision = decide(DeviceState.ONLINE, NOW.minusSeconds(600), NOW.minusSeconds(61));

        assertThat(decision.next()).isEqualTo(DeviceState.OFFLINE);
        assertThat(decision.cause()).isEqualTo("heartbeat timeout");
    }

    @Test
    void anOnlineDeviceHeardWithinItsTimeoutStaysOnline() {
        assertThat(decide(DeviceState.ONLINE, NOW.minusSeconds(600), NOW.minusSeconds(59)).next()).isNull();
    }

    @Test
    void anOnlineDeviceNeverHeardAfterItsStatusTimesOutFromTheStatusTime() {
        assertThat(decide(DeviceState.ONLINE, NOW.minusSeconds(61), null).next()).isEqualTo(DeviceState.OFFLINE);
    }

    @Test
    void anOfflineDeviceHeardFromSinceItWentOfflineComesOnline() {
        HeartbeatMonitor.Decision decision = decide(DeviceState.OFFLINE, NOW.minusSeconds(30), NOW.minusSeconds(5));

        assertThat(decision.next()).isEqualTo(DeviceState.ONLINE);
        assertThat(decision.cause()).isEqualTo("heartbeat");
    }

    @Test
    void anOfflineDeviceWhoseLastMessagePrecedesItsLastWillStaysOffline() {
        assertThat(decide(DeviceState.OFFLINE, NOW.minusSeconds(5), NOW.minusSeconds(6)).next()).isNull();
    }

    @Test
    void aDeviceHeardFromOnceAndSilentSinceGoesOfflineEvenIfNoSweepSawItOnline() {
        HeartbeatMonitor.Decision decision = decide(DeviceState.UNKNOWN, null, NOW.minusSeconds(90));

        assertThat(decision.next()).isEqualTo(DeviceState.OFFLINE);
        assertThat(decision.cause()).isEqualTo("heartbeat timeout");
    }

    @Test
    void aNeverSeenDeviceStaysUnknown() {
        assertThat(decide(DeviceState.UNKNOWN, null, null).next()).isNull();
    }

    @Test
    void aRegisteredDeviceThatSpeaksComesOnline() {
        assertThat(decide(DeviceState.UNKNOWN, null, NOW.minusSeconds(1)).next()).isEqualTo(DeviceState.ONLINE);
    }

    @Test
    void aDeviceInMaintenanceIsLeftAlone() {
        assertThat(decide(DeviceState.MAINTENANCE, NOW.minusSeconds(600), NOW.minusSeconds(500)).next()).isNull();
    }

    @Test
    void timeoutsAreConfiguredPerDeviceTypeWithADefault() {
        StatusProperties properties = new StatusProperties(Duration.ofSeconds(120),
                Map.of("display", Duration.ofSeconds(30)), Duration.ofSeconds(5));

        assertThat(properties.timeoutFor("display")).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.timeoutFor("meter")).isEqualTo(Duration.ofSeconds(120));
    }
}
