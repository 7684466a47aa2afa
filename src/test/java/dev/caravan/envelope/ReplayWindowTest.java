package dev.caravan.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplayWindowTest {

    private final ReplayWindow window = new ReplayWindow();

    @Test
    void aNewCounterIsUnusedUntilUsed() {
        assertThat(window.used(5)).isFalse();
        window.use(5);
        assertThat(window.used(5)).isTrue();
    }

    @Test
    void countersThatOvertookEachOtherAreEachAcceptedOnce() {
        window.use(100);
        window.use(103);

        assertThat(window.used(101)).isFalse();
        assertThat(window.used(102)).isFalse();
        window.use(102);
        assertThat(window.used(102)).isTrue();
        assertThat(window.used(100)).isTrue();
        assertThat(window.used(101)).isFalse();
    }

    @Test
    void marksSurviveShiftsAcrossWordBoundaries() {
        window.use(1000);
        window.use(1070);
        window.use(1200);

        assertThat(window.used(1000)).isTrue();
        assertThat(window.used(1070)).isTrue();
        assertThat(window.used(1001)).isFalse();
        assertThat(window.used(1199)).isFalse();
    }

    @Test
    void aCounterFarBelowTheHighestCountsAsUsed() {
        window.use(10_000);

        assertThat(window.used(10_000 - ReplayWindow.SIZE)).isTrue();
        assertThat(window.used(10_000 - ReplayWindow.SIZE + 1)).isFalse();
    }

    @Test
    void aJumpBeyondTheWindowForgetsTheMarksBelow() {
        window.use(7);
        window.use(7 + 5 * ReplayWindow.SIZE);

        assertThat(window.used(7)).isTrue();
        assertThat(window.used(6 + 5 * ReplayWindow.SIZE)).isFalse();
    }

    @Test
    void aRestoredWindowKnowsOnlyItsHighest() {
        ReplayWindow restored = new ReplayWindow(500);

        assertThat(restored.used(500)).isTrue();
        assertThat(restored.used(499)).isFalse();
        assertThat(restored.used(501)).isFalse();
    }
}
