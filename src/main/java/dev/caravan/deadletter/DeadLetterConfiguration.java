package dev.caravan.deadletter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.caravan.support.BatchingProcessor;

@Configuration(proxyBeanMethods = false)
public class DeadLetterConfiguration {

    /** The last step of the dead-letter route: the refused message is acknowledged once it is stored. */
    @Bean
    BatchingProcessor<DeadLetter> storeDeadLetter(DeadLetterStore store) {
        return new BatchingProcessor<>("dead-letters", store::fromExchange, store::write, 500, 1, 10_000);
    }
}
