package dev.caravan.deadletter;

/**
 * Why a message could not be accepted or delivered. Each reason has its own counter and API filter. Most are
 * inbound messages; COMMAND_EXPIRED and WEBHOOK_FAILED are the hub's own messages that could not reach their peer.
 */
public enum DeadLetterReason {
    /** The payload is not JSON, or not a JSON object. */
    INVALID_JSON,
    /** Valid JSON that breaks the topic's schema: wrong types, missing or malformed fields. */
    SCHEMA_VIOLATION,
    /** Larger than {@code caravan.protocol.max-payload-bytes}. */
    PAYLOAD_TOO_LARGE,
    /** The device id in the topic breaks the id rules. */
    BAD_DEVICE_ID,
    /** The topic is not one of the canonical inbound topics. */
    BAD_TOPIC,
    /** The device is not registered and the unknown-device policy is {@code reject}. */
    UNKNOWN_DEVICE,
    /** A device in advanced security sent a payload that is not an envelope (docs/envelope.md). */
    ENVELOPE_REQUIRED,
    /** An envelope that does not open: a wrong or unknown key version, tampered with, or made for another topic. */
    ENVELOPE_INVALID,
    /** An envelope sealed with a key version whose grace period after a rotation has ended. */
    KEY_RETIRED,
    /** An envelope whose counter is not above the device's last: a replay. */
    REPLAYED,
    /**
     * A message outside the sender's ACL (docs/security.md#acl): a device publishing on another device's topics, or
     * the hub about to send a device a plaintext command or configuration in advanced security.
     */
    ACL_VIOLATION,
    /** The device sent more than {@code caravan.security.device-rate-limit} messages per second. */
    RATE_LIMITED,
    /** The database refused the message's data. */
    STORAGE_REJECTED,
    /** An unexpected error in the hub; the message is kept so that it can be replayed. */
    INTERNAL_ERROR,
    /** A command whose time to live ran out before it could be delivered (the device stayed offline). */
    COMMAND_EXPIRED,
    /** A webhook notification that could not be delivered after its last retry. */
    WEBHOOK_FAILED
}
