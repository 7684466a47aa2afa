package dev.caravan.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.caravan.deadletter.InvalidMessageException;
import dev.caravan.mqtt.CaravanHeaders;
import dev.caravan.testing.HubTest;

/**
 * The ingest routes' wiring and error policy (camel/ingest.yaml, camel/route-configurations.yaml), advised by route
 * id: storage and the dead-letter store are replaced by mock endpoints, messages are sent straight to the route.
 */
@HubTest
@CamelSpringBootTest
@UseAdviceWith
class IngestRoutesTest {

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate producer;

    MockEndpoint stored;
    MockEndpoint deadLetters;

    @BeforeEach
    void advise() throws Exception {
        if (!camel.isStarted()) {
            AdviceWith.adviceWith(camel, "telemetry-ingest",
                    a -> a.weaveByToString(".*storeTelemetry.*").replace().to("mock:stored"));
            AdviceWith.adviceWith(camel, "dead-letter",
                    a -> a.weaveByToString(".*storeDeadLetter.*").replace().to("mock:dead-letters"));
            camel.start();
        }
        stored = camel.getEndpoint("mock:stored", MockEndpoint.class);
        deadLetters = camel.getEndpoint("mock:dead-letters", MockEndpoint.class);
        stored.reset();
        deadLetters.reset();
    }

    private Exchange send(String topic, String payload) {
        return producer.send("direct:telemetry", e -> {
            e.getMessage().setHeader(CaravanHeaders.TOPIC, topic);
            e.getMessage().setBody(payload.getBytes(StandardCharsets.UTF_8));
        });
    }

    @Test
    void aValidMessageReachesStorageParsedAndIdentified() throws Exception {
        stored.expectedMessageCount(1);

        Exchange exchange = send("device/route-dev-1/telemetry", "{\"cpu\":12}");

        stored.assertIsSatisfied();
        Exchange received = stored.getReceivedExchanges().get(0);
        assertThat(received.getMessage().getBody(JsonNode.class).get("cpu").asInt()).isEqualTo(12);
        assertThat(received.getMessage().getHeaders()).containsEntry(CaravanHeaders.DEVICE_ID, "route-dev-1");
        assertThat(exchange.isFailed()).isFalse();
        deadLetters.expectedMessageCount(0);
        deadLetters.assertIsSatisfied();
    }

    @Test
    void aRefusedMessageGoesToTheDeadLetterRouteAsItArrivedAndTheExchangeSucceeds() throws Exception {
        deadLetters.expectedMessageCount(1);

        Exchange exchange = send("device/route-dev-2/telemetry", "{\"cpu\":\"x\",");

        deadLetters.assertIsSatisfied();
        Exchange letter = deadLetters.getReceivedExchanges().get(0);
        assertThat(letter.getMessage().getBody(String.class)).isEqualTo("{\"cpu\":\"x\",");
        assertThat(letter.getMessage().getHeaders()).contains(Map.entry(CaravanHeaders.TOPIC,
                "device/route-dev-2/telemetry"));
        assertThat(letter.getProperty(Exchange.EXCEPTION_CAUGHT)).isInstanceOf(InvalidMessageException.class);
        // handled: the consumer completes the exchange and acknowledges the MQTT message
        assertThat(exchange.isFailed()).isFalse();
        stored.expectedMessageCount(0);
        stored.assertIsSatisfied();
    }
}
