package dev.caravan.component.modbus.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import dev.caravan.component.modbus.ModbusComponent;
import dev.caravan.component.modbus.ModbusRequestException;
import dev.caravan.mqtt.CaravanHeaders;
import dev.caravan.mqtt.MqttPublisher;

/** How a canonical command is read for a Modbus device, and how its failures become responses. */
class ModbusCommandsTest {

    private final ObjectMapper json = new ObjectMapper();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ModbusCommands commands = new ModbusCommands(new ModbusComponent(), json, meters);
    private final DefaultCamelContext camel = new DefaultCamelContext();

    @Test
    void aTypeOtherThanWriteOrReadIsAnsweredAsUnsupported() throws Exception {
        Exchange exchange = command("{\"type\":\"REBOOT\",\"commandId\":\"c1\",\"params\":{\"point\":\"relay1\"}}");

        JsonNode response = failedWith(exchange, "UNSUPPORTED");

        assertThat(response.get("commandId").asText()).isEqualTo("c1");
        assertThat(response.get("success").asBoolean()).isFalse();
        assertThat(response.at("/error/message").asText()).contains("a Modbus device takes WRITE or READ");
        assertThat(exchange.getMessage().getHeader(MqttPublisher.TOPIC)).isEqualTo("device/relays-1/response");
    }

    @Test
    void aWriteWithoutAPointIsABadCommand() throws Exception {
        failedWith(command("{\"type\":\"WRITE\",\"commandId\":\"c2\",\"params\":{\"value\":true}}"), "BAD_COMMAND");
    }

    @Test
    void aWriteWithoutAValueIsABadCommand() throws Exception {
        failedWith(command("{\"type\":\"WRITE\",\"commandId\":\"c3\",\"params\":{\"point\":\"relay1\"}}"),
                "BAD_COMMAND");
    }

    @Test
    void aCommandPastItsExpiryIsNotCarriedOut() throws Exception {
        failedWith(command("{\"type\":\"WRITE\",\"commandId\":\"c4\",\"expiresAt\":\"2020-01-01T00:00:00Z\","
                + "\"params\":{\"point\":\"relay1\",\"value\":true}}"), "EXPIRED");
    }

    @Test
    void aCommandDeliveredTwiceGetsItsFirstOutcomeWithoutGoingToTheDevice() throws Exception {
        Exchange first = command("{\"type\":\"REBOOT\",\"commandId\":\"c5\",\"params\":{\"point\":\"relay1\"}}");
        JsonNode outcome = failedWith(first, "UNSUPPORTED");

        Exchange again = command("{\"type\":\"REBOOT\",\"commandId\":\"c5\",\"params\":{\"point\":\"relay1\"}}");
        commands.prepare(again);

        assertThat(again.getMessage().getHeader(ModbusCommands.ANSWERED, Boolean.class)).isTrue();
        assertThat(json.readTree(again.getMessage().getBody(String.class))).isEqualTo(outcome);
    }

    @Test
    void aCommandWithoutCommandIdCannotBeAnsweredAndIsCounted() throws Exception {
        Exchange exchange = command("{\"type\":\"WRITE\",\"params\":{\"point\":\"relay1\",\"value\":true}}");
        assertThatThrownBy(() -> commands.prepare(exchange)).isInstanceOf(ModbusRequestException.class);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new ModbusRequestException("BAD_COMMAND", "no id", null));
        exchange.getMessage().removeHeader(ModbusCommands.COMMAND_ID);

        commands.failed(exchange);

        assertThat(exchange.getMessage().getHeader(MqttPublisher.TOPIC)).as("nothing to publish").isNull();
        assertThat(meters.get("caravan.modbus.commands.refused").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aCommandThatIsNotJsonIsABadCommand() throws Exception {
        Exchange exchange = command("{not json");
        assertThatThrownBy(() -> commands.prepare(exchange)).isInstanceOf(java.io.IOException.class);
        exchange.getMessage().setHeader(ModbusCommands.COMMAND_ID, null);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new java.io.IOException("bad"));

        commands.failed(exchange);

        assertThat(meters.get("caravan.modbus.commands.refused").counter().count()).isEqualTo(1.0);
    }

    private Exchange command(String body) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader(CaravanHeaders.TOPIC, "device/relays-1/command");
        exchange.getMessage().setBody(body.getBytes(StandardCharsets.UTF_8));
        return exchange;
    }

    /** Runs the command to its failure, as the route configuration modbus-command-errors does; the response. */
    private JsonNode failedWith(Exchange exchange, String code) throws Exception {
        ModbusRequestException failure = org.junit.jupiter.api.Assertions.assertThrows(ModbusRequestException.class,
                () -> commands.prepare(exchange));
        assertThat(failure.code()).isEqualTo(code);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
        commands.failed(exchange);
        JsonNode response = json.readTree(exchange.getMessage().getBody(String.class));
        assertThat(response.at("/error/code").asText()).isEqualTo(code);
        return response;
    }
}
