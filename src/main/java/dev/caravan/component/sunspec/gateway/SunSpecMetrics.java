package dev.caravan.component.sunspec.gateway;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

import dev.caravan.component.sunspec.SunSpecComponent;
import dev.caravan.component.sunspec.SunSpecStats;

/** The sunspec: component's counters as metrics ({@code caravan.sunspec.*}, Prometheus at /actuator/prometheus). */
@Component
public class SunSpecMetrics {

    public SunSpecMetrics(SunSpecComponent component, MeterRegistry meters) {
        SunSpecStats stats = component.stats();
        for (SunSpecStats.Count count : SunSpecStats.Count.values()) {
            FunctionCounter.builder("caravan.sunspec." + count.metric(), stats, s -> s.get(count))
                    .description(count.description()).register(meters);
        }
    }
}
