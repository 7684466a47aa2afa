package dev.caravan.component.modbus.map;

import java.time.Duration;

/** Points polled together, at one interval, reported the same way. */
public record PollGroup(String name, Duration interval, Report report) {
}
