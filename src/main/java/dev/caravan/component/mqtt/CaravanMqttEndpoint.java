package dev.caravan.component.mqtt;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Configuration;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Endpoint;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;

/** A {@code caravan-mqtt:} endpoint: camel-paho-mqtt5's, with {@link CaravanMqttConsumer} as its consumer. */
public class CaravanMqttEndpoint extends PahoMqtt5Endpoint {

    public CaravanMqttEndpoint(String uri, String topic, CaravanMqttComponent component,
                               PahoMqtt5Configuration configuration) {
        super(uri, topic, component, configuration);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        CaravanMqttConsumer consumer = new CaravanMqttConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /** A new, unconnected client for a consumer, with the endpoint's client id (a generated one when it has none). */
    MqttClient newClient() throws MqttException {
        String clientId = getConfiguration().getClientId() != null ? getConfiguration().getClientId()
                : generateClientId();
        return new MqttClient(getConfiguration().getBrokerUrl(), clientId,
                createMqttClientPersistence(getConfiguration()));
    }

    MqttConnectionOptions connectionOptions() {
        return createMqttConnectionOptions();
    }
}
