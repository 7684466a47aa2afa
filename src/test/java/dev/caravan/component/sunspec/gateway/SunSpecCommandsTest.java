package dev.caravan.component.sunspec.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import dev.caravan.component.sunspec.SunSpecComponent;
import dev.caravan.component.sunspec.SunSpecControlException;
import dev.caravan.mqtt.CaravanHeaders;
import dev.caravan.mqtt.MqttPublisher;

/**
 * Canonical commands for SunSpec devices read before anything goes to a device: what is refused with which code, and
 * a command delivered twice answered with its first outcome instead of being carried out again.
 */
class SunSpecCommandsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SunSpecCommands commands = new SunSpecCommands(new SunSpecComponent(), new ObjectMapper(), meters);

    private static Exchange command(String json) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(CaravanHeaders.TOPIC, "device/pv-1/command");
        exchange.getMessage().setBody(json.getBytes(StandardCharsets.UTF_8));
        return exchange;
    }

    private void fail(Exchange exchange, Exception failure) {
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
        commands.failed(exchange);
    }

    @Test
    void aTypeOtherThanWriteIsUnsupported() {
        assertThatThrownBy(() -> commands.prepare(command("{\"commandId\":\"c1\",\"type\":\"RELOAD\"}")))
                .isInstanceOfSatisfying(SunSpecControlException.class, e -> assertThat(e.code())
                        .isEqualTo("UNSUPPORTED"));
    }

    @Test
    void anExpiredCommandIsNotCarriedOut() {
        assertThatThrownBy(() -> commands.prepare(command("{\"commandId\":\"c2\",\"type\":\"WRITE\","
                + "\"expiresAt\":\"2020-01-01T00:00:00Z\",\"params\":{}}")))
                .isInstanceOfSatisfying(SunSpecControlException.class, e -> assertThat(e.code())
                        .isEqualTo("EXPIRED"));
    }

    /** A command that prepare refuses, carried through the route's error handling. */
    private Exchange refused(String json) {
        Exchange exchange = command(json);
        assertThatThrownBy(() -> commands.prepare(exchange)).isInstanceOfSatisfying(SunSpecControlException.class,
                e -> fail(exchange, e));
        return exchange;
    }

    @Test
    void aFailedCommandIsAnsweredOnTheDevicesResponseTopicWithTheCode() throws Exception {
        Exchange exchange = refused("{\"commandId\":\"c3\",\"type\":\"RELOAD\"}");

        assertThat(exchange.getMessage().getHeader(MqttPublisher.TOPIC)).isEqualTo("device/pv-1/response");
        assertThat(new ObjectMapper().readTree(exchange.getMessage().getBody(String.class)).at("/error/code")
                .asText()).isEqualTo("UNSUPPORTED");
    }

    @Test
    void aCommandDeliveredTwiceGetsItsFirstOutcomeAgain() throws Exception {
        Exchange first = refused("{\"commandId\":\"c4\",\"type\":\"RELOAD\"}");
        Exchange again = command("{\"commandId\":\"c4\",\"type\":\"RELOAD\"}");

        commands.prepare(again);

        assertThat(again.getMessage().getHeader(SunSpecCommands.ANSWERED)).isEqualTo(true);
        assertThat(again.getMessage().getBody(String.class)).isEqualTo(first.getMessage().getBody(String.class));
    }

    @Test
    void aCommandWithoutCommandIdIsCountedAndNotAnswered() {
        Exchange exchange = refused("{\"type\":\"WRITE\",\"params\":{}}");

        assertThat(exchange.getMessage().getHeader(MqttPublisher.TOPIC)).isNull();
        assertThat(meters.counter("caravan.sunspec.commands.refused").count()).isEqualTo(1.0);
    }
}
