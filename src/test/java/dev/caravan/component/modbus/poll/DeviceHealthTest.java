package dev.caravan.component.modbus.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** When a device is online, offline, and how often an offline one is probed; times are given, not waited for. */
class DeviceHealthTest {

    private static final long SECOND = 1_000_000_000L;

    private final DeviceHealth health = new DeviceHealth(
            new PollSettings(2, Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(60)));

    @Test
    void theFirstAnswerBringsTheDeviceOnlineOnce() {
        assertThat(health.succeeded()).isEqualTo(DeviceHealth.Change.ONLINE);
        assertThat(health.succeeded()).isEqualTo(DeviceHealth.Change.NONE);
    }

    @Test
    void theDeviceGoesOfflineAfterOfflineAfterFailuresInARow() {
        health.succeeded();

        assertThat(health.failed(0)).isEqualTo(DeviceHealth.Change.NONE);
        assertThat(health.failed(0)).isEqualTo(DeviceHealth.Change.OFFLINE);
        assertThat(health.failed(0)).as("reported once").isEqualTo(DeviceHealth.Change.NONE);
    }

    @Test
    void anAnswerBetweenFailuresStartsTheCountAgain() {
        health.succeeded();
        health.failed(0);
        health.succeeded();

        assertThat(health.failed(0)).isEqualTo(DeviceHealth.Change.NONE);
    }

    @Test
    void anOfflineDeviceIsProbedOncePerBackOffPeriod() {
        goOfflineAt(0);

        assertThat(health.mayPoll(SECOND / 2)).isFalse();
        assertThat(health.mayPoll(SECOND)).as("the probe").isTrue();
        assertThat(health.mayPoll(SECOND + 1)).as("another group while the probe runs").isFalse();
    }

    @Test
    void theBackOffDoublesUpToItsMaximum() {
        goOfflineAt(0);
        health.failed(SECOND);

        assertThat(health.mayPoll(SECOND + 2 * SECOND - 1)).isFalse();
        assertThat(health.mayPoll(SECOND + 2 * SECOND)).isTrue();
        health.failed(3 * SECOND);
        health.failed(7 * SECOND);
        assertThat(health.mayPoll(7 * SECOND + 4 * SECOND)).as("capped at 4 s").isTrue();
    }

    @Test
    void anAnswerToAProbeBringsTheDeviceBackAndEndsTheBackOff() {
        goOfflineAt(0);

        assertThat(health.succeeded()).isEqualTo(DeviceHealth.Change.ONLINE);
        assertThat(health.mayPoll(SECOND / 10)).isTrue();
    }

    private void goOfflineAt(long now) {
        health.succeeded();
        health.failed(now);
        assertThat(health.failed(now)).isEqualTo(DeviceHealth.Change.OFFLINE);
    }
}
