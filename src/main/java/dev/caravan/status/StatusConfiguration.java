package dev.caravan.status;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.caravan.support.BatchingProcessor;

@Configuration(proxyBeanMethods = false)
public class StatusConfiguration {

    /** The storing step of the device-event route. */
    @Bean
    BatchingProcessor<DeviceEventWriter.Received> storeDeviceEvent(DeviceEventWriter writer) {
        return new BatchingProcessor<>("device-events", writer::fromExchange, writer::write, 500, 1, 10_000);
    }
}
