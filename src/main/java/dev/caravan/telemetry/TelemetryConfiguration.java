package dev.caravan.telemetry;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.caravan.mqtt.CaravanHeaders;
import dev.caravan.support.BatchingProcessor;

@Configuration(proxyBeanMethods = false)
public class TelemetryConfiguration {

    /**
     * The storing step of the telemetry route: parses the validated payload, holds the exchange until its batch is
     * in PostgreSQL, then completes it (and so acknowledges the MQTT message).
     */
    @Bean
    BatchingProcessor<TelemetryMessage> storeTelemetry(TelemetryParser parser, TelemetryWriter writer,
                                                        TelemetryProperties properties, MeterRegistry meters) {
        BatchingProcessor<TelemetryMessage> processor = new BatchingProcessor<>("telemetry",
                exchange -> parser.parse(
                        exchange.getMessage().getHeader(CaravanHeaders.DEVICE_ID, String.class),
                        exchange.getMessage().getBody(JsonNode.class),
                        Instant.ofEpochMilli(exchange.getMessage().getHeader(CaravanHeaders.RECEIVED_AT, Long.class))),
                writer::write, properties.batchSize(), properties.writerThreads(), properties.queueCapacity());
        Gauge.builder("caravan.telemetry.pending", processor, BatchingProcessor::pending)
                .description("telemetry messages received and not yet stored (consumer lag)").register(meters);
        return processor;
    }
}
