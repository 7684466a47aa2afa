package dev.caravan.deadletter;

import java.time.Instant;

/** A refused inbound message with the reason, as stored. */
public record DeadLetter(Instant receivedAt, String source, String topic, String deviceId, DeadLetterReason reason,
                         String detail, byte[] payload, int payloadSize) {
}
