package dev.caravan.mqtt;

/**
 * Checked by the client pool before every publish ({@code MqttSecurityService}): a publish the guard refuses never
 * reaches the broker.
 */
public interface OutboundGuard {

    OutboundGuard NONE = message -> { };

    /** @throws MqttPublishException (or a subclass) to refuse the message */
    void check(OutboundMessage message);
}
