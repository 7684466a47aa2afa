package dev.caravan.mqtt;

import org.apache.camel.Exchange;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * Who sent an inbound message, when the way it came can tell: the embedded broker stamps the authenticated login of
 * the publisher into the user property {@value #USER_PROPERTY} (and removes one a client set itself); HTTP ingest
 * sets header {@value #HEADER} to the device its token authenticated. Absent when unknown (a broker that does not
 * stamp, such as Mosquitto, or the embedded broker without device authentication).
 */
public final class MessageSender {

    /** The MQTT 5 user property the embedded broker writes; clients cannot set it. */
    public static final String USER_PROPERTY = "caravan-sender";
    /** The exchange header with the sender, for ways in other than MQTT. */
    public static final String HEADER = "CaravanSender";
    /** camel-paho-mqtt5's header with the received message's MQTT 5 properties. */
    private static final String PAHO_PROPERTIES = "CamelPahoMqtt5MsgProperties";

    private MessageSender() {
    }

    /** The sender's login (a device id, or the hub's own login), or null when unknown. */
    public static String of(Exchange exchange) {
        String sender = exchange.getMessage().getHeader(HEADER, String.class);
        if (sender != null) {
            return sender;
        }
        Object properties = exchange.getMessage().getHeader(PAHO_PROPERTIES);
        if (properties instanceof MqttProperties mqtt && mqtt.getUserProperties() != null) {
            for (UserProperty property : mqtt.getUserProperties()) {
                if (USER_PROPERTY.equals(property.getKey())) {
                    return property.getValue();
                }
            }
        }
        return null;
    }
}
