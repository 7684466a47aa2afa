package dev.caravan.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The hub's rate limits: per API caller ({@code caravan.security.rate-*}) and per device (HTTP and MQTT ingress). */
@Configuration(proxyBeanMethods = false)
public class RateLimits {

    @Bean
    RateLimiter apiRateLimiter(SecurityProperties properties) {
        return new RateLimiter(properties.rateLimit(), properties.rateBurst());
    }

    @Bean
    RateLimiter deviceRateLimiter(SecurityProperties properties) {
        return new RateLimiter(properties.deviceRateLimit(), properties.deviceRateBurst());
    }
}
