package dev.caravan.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import dev.caravan.deadletter.DeadLetterReason;
import dev.caravan.deadletter.DeadLetterStore;
import dev.caravan.deadletter.InvalidMessageException;
import dev.caravan.envelope.DeviceKeys;
import dev.caravan.envelope.Envelope;
import dev.caravan.mqtt.BrokerLogin;
import dev.caravan.mqtt.CaravanHeaders;
import dev.caravan.mqtt.MessageSender;
import dev.caravan.mqtt.OutboundMessage;

/**
 * The hub's ACL rules one by one (the database, audit log and keys replaced by stand-ins; MqttAclIT shows them on a
 * whole hub with a real broker).
 */
class MqttSecurityServiceTest {

    private final DeviceKeys keys = mock(DeviceKeys.class);
    private final AuditLog audit = mock(AuditLog.class);
    private final DeadLetterStore deadLetters = mock(DeadLetterStore.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MqttSecurityService acl = new MqttSecurityService(keys, audit, deadLetters, meters);

    private static Exchange inbound(String topic, String sender) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(CaravanHeaders.TOPIC, topic);
        exchange.getMessage().setHeader(MessageSender.HEADER, sender);
        return exchange;
    }

    private static OutboundMessage outbound(String topic, byte[] payload) {
        return new OutboundMessage(topic, payload, 1, false, null);
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private double violations(String direction) {
        return meters.counter("caravan.acl.violations", "direction", direction).count();
    }

    @Test
    void aDevicePublishesOnItsOwnTopics() {
        assertThatCode(() -> acl.process(inbound("device/meter-1/telemetry", "meter-1"))).doesNotThrowAnyException();
        assertThat(violations("inbound")).isZero();
    }

    @Test
    void aDeviceOnAnotherDevicesTopicIsRefusedCountedAndAudited() {
        assertThatThrownBy(() -> acl.process(inbound("device/meter-2/telemetry", "meter-1")))
                .isInstanceOfSatisfying(InvalidMessageException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.ACL_VIOLATION));
        assertThat(violations("inbound")).isEqualTo(1);
        verify(audit).record(any());
    }

    @Test
    void theHubsOwnLoginMayPublishForAnyDevice() {
        assertThatCode(() -> acl.process(inbound("device/meter-2/telemetry", BrokerLogin.INTERNAL.username())))
                .doesNotThrowAnyException();
    }

    @Test
    void aMessageWhoseSenderIsUnknownIsLeftToTheBrokerAndTheEnvelope() {
        assertThatCode(() -> acl.process(inbound("device/meter-2/telemetry", null))).doesNotThrowAnyException();
    }

    @Test
    void aPlaintextCommandForADeviceInAdvancedSecurityNeverLeaves() {
        when(keys.advanced("meter-1")).thenReturn(true);

        assertThatThrownBy(() -> acl.check(outbound("device/meter-1/command", text("{\"type\":\"OPEN\"}"))))
                .isInstanceOf(MqttSecurityService.AclViolationException.class);
        assertThat(violations("outbound")).isEqualTo(1);
        verify(deadLetters).write(anyList());
    }

    @Test
    void aSealedCommandOrAClearedRetainedConfigForSuchADeviceLeaves() {
        when(keys.advanced("meter-1")).thenReturn(true);
        byte[] sealed = Envelope.seal(new byte[Envelope.KEY_BYTES], "meter-1", "device/meter-1/command", 1, 1,
                new byte[Envelope.IV_BYTES], text("{}")).toJson();

        assertThatCode(() -> acl.check(outbound("device/meter-1/command", sealed))).doesNotThrowAnyException();
        assertThatCode(() -> acl.check(outbound("device/meter-1/config", new byte[0]))).doesNotThrowAnyException();
        verify(deadLetters, never()).write(anyList());
    }

    @Test
    void aPlaintextCommandForAnOrdinaryDeviceLeaves() {
        assertThatCode(() -> acl.check(outbound("device/meter-1/command", text("{\"type\":\"OPEN\"}"))))
                .doesNotThrowAnyException();
    }

    @Test
    void aDeviceTopicThatIsNotCanonicalIsRefused() {
        assertThatThrownBy(() -> acl.check(outbound("device/meter-1/extra/command", text("{}"))))
                .isInstanceOf(MqttSecurityService.AclViolationException.class);
        assertThatCode(() -> acl.check(outbound("site/weather", text("{}")))).as("not a device's topic")
                .doesNotThrowAnyException();
    }
}
