package dev.caravan.component.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Configuration;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/**
 * {@link CaravanMqttConsumer} in a route, on a mock Paho client: the order it sets things up in, and when it
 * acknowledges a message. (CaravanMqttConsumerIT runs it on the embedded broker.)
 */
class CaravanMqttConsumerTest {

    private static final String TOPIC = "device/+/telemetry";

    private final MqttClient client = mock(MqttClient.class);
    private final CamelContext camel = new DefaultCamelContext();

    @AfterEach
    void tearDown() throws Exception {
        camel.close();
    }

    /** Starts a route from a caravan-mqtt endpoint whose consumer gets the mock client. */
    private void route(Processor processor) throws Exception {
        PahoMqtt5Configuration configuration = new PahoMqtt5Configuration();
        configuration.setQos(1);
        configuration.setManualAcksEnabled(true);
        configuration.setCleanStart(false);
        CaravanMqttComponent component = new CaravanMqttComponent();
        component.setConfiguration(configuration);
        camel.addComponent("caravan-mqtt", component);
        CaravanMqttEndpoint endpoint = new CaravanMqttEndpoint("caravan-mqtt:" + TOPIC, TOPIC, component,
                configuration) {
            @Override
            MqttClient newClient() {
                return client;
            }
        };
        endpoint.setCamelContext(camel);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(endpoint).routeId("consumer").process(processor);
            }
        });
        camel.start();
    }

    private MqttCallback callback() {
        ArgumentCaptor<MqttCallback> callback = ArgumentCaptor.forClass(MqttCallback.class);
        verify(client).setCallback(callback.capture());
        return callback.getValue();
    }

    private static MqttMessage message(int id, String payload) {
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setId(id);
        message.setQos(1);
        return message;
    }

    @Test
    void setsItsMessageCallbackBeforeItConnectsSoThatASessionsQueuedMessagesAreNotDropped() throws Exception {
        route(exchange -> { });

        InOrder order = inOrder(client);
        order.verify(client).setManualAcks(true);
        order.verify(client).setCallback(any());
        order.verify(client).connect(any(MqttConnectionOptions.class));
        order.verify(client).subscribe(TOPIC, 1);
    }

    @Test
    void acknowledgesAMessageOnceItsExchangeHasCompleted() throws Exception {
        List<String> seen = new ArrayList<>();
        route(exchange -> {
            // not while the route still works on it
            verify(client, never()).messageArrivedComplete(anyInt(), anyInt());
            seen.add(exchange.getMessage().getBody(String.class) + " on "
                    + exchange.getMessage().getHeader(PahoMqtt5Constants.MQTT_TOPIC));
        });

        callback().messageArrived("device/d1/telemetry", message(7, "{\"t\":1}"));

        assertThat(seen).containsExactly("{\"t\":1} on device/d1/telemetry");
        verify(client).messageArrivedComplete(7, 1);
    }

    @Test
    void doesNotAcknowledgeAMessageWhoseExchangeFailedSoThatTheBrokerDeliversItAgain() throws Exception {
        route(exchange -> {
            throw new IllegalStateException("database down");
        });

        callback().messageArrived("device/d1/telemetry", message(8, "{\"t\":2}"));

        verify(client, never()).messageArrivedComplete(anyInt(), anyInt());
    }

    @Test
    void closesItsClientWhenItStops() throws Exception {
        route(exchange -> { });

        camel.getRouteController().stopRoute("consumer");

        verify(client).close(true);
    }
}
