package dev.caravan.component.modbus.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Which polled values are reported. */
class ChangeFilterTest {

    private final ChangeFilter filter = new ChangeFilter();
    private final PollGroup onChange = new PollGroup("g", Duration.ofSeconds(1), Report.ON_CHANGE);
    private final Map<String, Point> points = Map.of("voltage", new Point("voltage", Table.INPUT, 0, DataType.FLOAT32,
            Endian.BIG, Endian.BIG, 1, 0, "V", "g", 0, 2, Map.of(), Map.of(), 0.5, false));

    @Test
    void theFirstPollReportsEveryValue() {
        assertThat(filter.select(onChange, points, Map.of("voltage", 230.0, "state", "on"))).hasSize(2);
    }

    @Test
    void aChangeSmallerThanTheDeadbandIsNotReported() {
        filter.select(onChange, points, Map.of("voltage", 230.0));

        assertThat(filter.select(onChange, points, Map.of("voltage", 230.4))).isEmpty();
    }

    @Test
    void smallChangesAreReportedOnceTheyAddUpToTheDeadband() {
        filter.select(onChange, points, Map.of("voltage", 230.0));
        filter.select(onChange, points, Map.of("voltage", 230.3));

        assertThat(filter.select(onChange, points, Map.of("voltage", 230.6))).containsEntry("voltage", 230.6);
    }

    @Test
    void anUnchangedValueWithoutDeadbandIsNotReportedAgain() {
        filter.select(onChange, points, Map.of("state", "on"));

        assertThat(filter.select(onChange, points, Map.of("state", "on"))).isEmpty();
        assertThat(filter.select(onChange, points, Map.of("state", "off"))).containsEntry("state", "off");
    }

    @Test
    void anEveryPollGroupReportsUnchangedValues() {
        PollGroup everyPoll = new PollGroup("e", Duration.ofSeconds(60), Report.EVERY_POLL);
        filter.select(everyPoll, points, Map.of("energy", 10.0));

        assertThat(filter.select(everyPoll, points, Map.of("energy", 10.0))).containsEntry("energy", 10.0);
    }

    @Test
    void afterAResetEverythingIsReportedAgain() {
        filter.select(onChange, points, Map.of("state", "on"));
        filter.reset();

        assertThat(filter.select(onChange, points, Map.of("state", "on"))).containsEntry("state", "on");
    }
}
