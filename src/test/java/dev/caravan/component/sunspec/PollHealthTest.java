package dev.caravan.component.sunspec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** When a polled SunSpec device is online or offline, and how long the poller waits after a failure. */
class PollHealthTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    private final PollHealth health = new PollHealth(2, Duration.ofSeconds(1), Duration.ofSeconds(4));

    @Test
    void theFirstAnswerBringsTheDeviceOnline() {
        assertThat(health.succeeded()).isEqualTo(PollHealth.Change.ONLINE);
        assertThat(health.succeeded()).isEqualTo(PollHealth.Change.NONE);
    }

    @Test
    void theDeviceIsOfflineAfterTheGivenNumberOfFailuresInARow() {
        health.succeeded();

        assertThat(health.failed()).isEqualTo(PollHealth.Change.NONE);
        assertThat(health.failed()).isEqualTo(PollHealth.Change.OFFLINE);
        assertThat(health.failed()).isEqualTo(PollHealth.Change.NONE);
    }

    @Test
    void theWaitAfterAFailureDoublesUpToTheMaximum() {
        health.failed();
        assertThat(health.retryIn()).isEqualTo(SECOND);
        health.failed();
        assertThat(health.retryIn()).isEqualTo(2 * SECOND);
        health.failed();
        health.failed();
        assertThat(health.retryIn()).isEqualTo(4 * SECOND);
    }

    @Test
    void anAnswerStartsTheBackOffAnew() {
        health.failed();
        health.failed();
        health.succeeded();

        health.failed();

        assertThat(health.retryIn()).isEqualTo(SECOND);
    }
}
