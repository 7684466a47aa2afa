package dev.caravan.component.mqtt;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Component;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5ComponentConfigurer;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5EndpointConfigurer;
import org.apache.camel.spi.PropertyConfigurer;

/**
 * {@code caravan-mqtt:} — camel-paho-mqtt5 (same options, same producer) with a consumer that is ready for a
 * persistent session's queued messages before it connects ({@link CaravanMqttConsumer}). The hub's inbound routes use
 * it with the broker, credentials, QoS 1, manual acknowledgement and session settings set on the component
 * (dev.caravan.mqtt.CaravanMqttComponentConfiguration).
 */
public class CaravanMqttComponent extends PahoMqtt5Component {

    // Camel finds a component's option setters by the name in its @Component annotation, which a subclass does not
    // inherit: these are camel-paho-mqtt5's own
    private static final PropertyConfigurer COMPONENT_OPTIONS = new PahoMqtt5ComponentConfigurer();
    private static final PropertyConfigurer ENDPOINT_OPTIONS = new PahoMqtt5EndpointConfigurer();

    @Override
    public PropertyConfigurer getComponentPropertyConfigurer() {
        return COMPONENT_OPTIONS;
    }

    @Override
    public PropertyConfigurer getEndpointPropertyConfigurer() {
        return ENDPOINT_OPTIONS;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        CaravanMqttEndpoint endpoint = new CaravanMqttEndpoint(uri, remaining, this, getConfiguration().copy());
        // a shared client, when one is set, serves the producers as in camel-paho-mqtt5; consumers make their own
        endpoint.setClient(getClient());
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
