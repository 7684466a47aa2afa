package dev.caravan.component.mqtt;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Message;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.SynchronizationAdapter;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes a topic filter like camel-paho-mqtt5's consumer (same message, same headers; with manual acknowledgement
 * the PUBACK goes out when the exchange completes), but sets its message callback <em>before</em> it connects. A
 * broker sends a persistent session's queued messages right after it accepts the connection, and the Paho client
 * drops, unacknowledged, whatever arrives while it has no callback: camel-paho-mqtt5 4.17 connects first, so under
 * load a restarted hub could lose the race and leave the messages queued while it was away in the broker, in flight
 * and unprocessed, until its next reconnect. Each consumer makes a client of its own (the component's shared
 * {@code client} option serves producers only), and closes it when it stops.
 */
public class CaravanMqttConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(CaravanMqttConsumer.class);

    private volatile MqttClient client;

    public CaravanMqttConsumer(CaravanMqttEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public CaravanMqttEndpoint getEndpoint() {
        return (CaravanMqttEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        MqttClient started = getEndpoint().newClient();
        started.setManualAcks(getEndpoint().getConfiguration().isManualAcksEnabled());
        started.setCallback(new Callback(started));
        client = started;
        started.connect(getEndpoint().connectionOptions());
        started.subscribe(getEndpoint().getTopic(), getEndpoint().getConfiguration().getQos());
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        MqttClient stopping = client;
        client = null;
        if (stopping == null) {
            return;
        }
        try {
            if (stopping.isConnected()) {
                // a persistent session keeps its subscription, and the messages for it, while the consumer is away
                if (getEndpoint().getConfiguration().isCleanStart()) {
                    stopping.unsubscribe(getEndpoint().getTopic());
                }
                stopping.disconnect();
            }
        } finally {
            try {
                stopping.close(true);
            } catch (MqttException e) {
                LOG.debug("Closing the client of {}: {}", getEndpoint().getTopic(), e.getMessage());
            }
        }
    }

    private Exchange exchange(MqttClient from, String topic, MqttMessage message) {
        Exchange exchange = createExchange(true);
        PahoMqtt5Message in = new PahoMqtt5Message(exchange.getContext(), message);
        in.setBody(message.getPayload());
        in.setHeader(PahoMqtt5Constants.MQTT_TOPIC, topic);
        in.setHeader(PahoMqtt5Constants.MQTT_QOS, message.getQos());
        in.setHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_PROPERTIES, message.getProperties());
        exchange.setIn(in);
        if (getEndpoint().getConfiguration().isManualAcksEnabled()) {
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onComplete(Exchange done) {
                    try {
                        from.messageArrivedComplete(message.getId(), message.getQos());
                    } catch (MqttException e) {
                        LOG.warn("Could not acknowledge message {} on {}: {}", message.getId(), topic,
                                e.getMessage());
                    }
                }
            });
        }
        return exchange;
    }

    private final class Callback implements MqttCallback {
        private final MqttClient owner;

        Callback(MqttClient owner) {
            this.owner = owner;
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            Exchange exchange = exchange(owner, topic, message);
            AsyncCallback done = defaultConsumerCallback(exchange, true);
            getAsyncProcessor().process(exchange, done);
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (reconnect) {
                // the broker kept the subscription if it kept the session; subscribing again covers one that did not
                try {
                    owner.subscribe(getEndpoint().getTopic(), getEndpoint().getConfiguration().getQos());
                } catch (MqttException e) {
                    LOG.error("Subscribing to {} again after reconnecting failed: {}", getEndpoint().getTopic(),
                            e.getMessage(), e);
                }
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            LOG.debug("Disconnected from the broker: {}", response.getReasonString(), response.getException());
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.debug("MQTT error: {}", exception.getMessage(), exception);
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // a consumer does not publish
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            LOG.debug("AUTH packet {} {}", reasonCode, properties);
        }
    }
}
