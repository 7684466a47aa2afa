package dev.caravan.component.modbus.gateway;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.caravan.component.modbus.ModbusComponent;
import dev.caravan.component.modbus.poll.PollStats;

/**
 * The hub's modbus: component, reading its profiles from {@code caravan.modbus.profiles-dir}, with its poll counters
 * as metrics ({@code caravan.modbus.*} on /actuator/prometheus).
 */
@Configuration(proxyBeanMethods = false)
public class ModbusGatewayConfiguration {

    @Bean("modbus")
    ModbusComponent modbusComponent(ModbusProperties properties, MeterRegistry meters) {
        ModbusComponent component = new ModbusComponent();
        component.setProfilesDir(properties.profilesDir());
        PollStats stats = component.stats();
        counter(meters, "caravan.modbus.polls", "polls started", stats, PollStats::polls);
        counter(meters, "caravan.modbus.reads", "read requests answered or failed", stats, PollStats::reads);
        counter(meters, "caravan.modbus.reads.failed", "reads without a value (exception, timeout, no link)",
                stats, PollStats::failedReads);
        counter(meters, "caravan.modbus.exceptions", "Modbus exception answers to polls", stats,
                PollStats::deviceExceptions);
        counter(meters, "caravan.modbus.polls.skipped", "ticks passed while the previous poll of the group still ran", stats,
                PollStats::skippedPolls);
        return component;
    }

    private static void counter(MeterRegistry meters, String name, String description, PollStats stats,
                                java.util.function.ToDoubleFunction<PollStats> value) {
        FunctionCounter.builder(name, stats, value).description(description).register(meters);
    }
}
