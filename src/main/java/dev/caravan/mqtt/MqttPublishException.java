package dev.caravan.mqtt;

/** A publish the broker did not accept: no connection, no acknowledgement in time, or refused. */
public class MqttPublishException extends RuntimeException {

    public MqttPublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
