package dev.caravan.security;

import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import dev.caravan.deadletter.DeadLetterReason;
import dev.caravan.deadletter.InvalidMessageException;
import dev.caravan.mqtt.DeviceTopic;

/**
 * The first step of every ingest route (camel/ingest.yaml): a device that sends more than
 * {@code caravan.security.device-rate-limit} messages per second has the excess refused as {@code RATE_LIMITED}
 * (kept in the dead letter store; over HTTP a 429 with {@code Retry-After}), so that one device cannot starve the
 * others.
 */
@Component("deviceRateLimit")
public class DeviceRateLimit implements Processor {

    private final RateLimiter limiter;

    public DeviceRateLimit(@Qualifier("deviceRateLimiter") RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public void process(Exchange exchange) {
        DeviceTopic topic;
        try {
            topic = DeviceTopic.inbound(exchange);
        } catch (InvalidMessageException e) {
            return; // the validator refuses it with the reason
        }
        long waitNanos = limiter.acquire(topic.deviceId());
        if (waitNanos > 0) {
            throw new RateLimitedException("device " + topic.deviceId() + " sends more than " + limiter.rate()
                    + " messages per second (caravan.security.device-rate-limit)",
                    TimeUnit.NANOSECONDS.toMillis(waitNanos));
        }
    }

    /** A message over the device's rate: its reason, and when the device may send again. */
    public static final class RateLimitedException extends InvalidMessageException {

        private final long waitMillis;

        RateLimitedException(String detail, long waitMillis) {
            super(DeadLetterReason.RATE_LIMITED, detail);
            this.waitMillis = waitMillis;
        }

        /** How long until the device may send again. */
        public long waitMillis() {
            return waitMillis;
        }
    }
}
