package dev.caravan.mqtt;

import com.hivemq.extension.sdk.api.interceptor.connect.ConnectInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.connect.parameter.ConnectInboundInput;
import com.hivemq.extension.sdk.api.interceptor.connect.parameter.ConnectInboundOutput;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.connect.WillPublishPacket;
import com.hivemq.extension.sdk.api.packets.general.UserProperty;
import com.hivemq.extension.sdk.api.packets.general.ModifiableUserProperties;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.builder.WillPublishBuilder;

/**
 * Tells the hub who published a message ({@link MessageSender}): every publish that reaches the embedded broker loses
 * a {@value MessageSender#USER_PROPERTY} user property its client set, and gets the login the broker authenticated
 * (stored on the connection by {@link BrokerAuthenticator}), so the hub's ACL check can compare the sender with the
 * topic's device. A Last Will cannot be stamped (it is set before the login is checked), so a forged property is
 * removed from it at CONNECT and the hub treats its sender as unknown.
 */
final class BrokerSenderStamp implements PublishInboundInterceptor, ConnectInboundInterceptor {

    /** The connection attribute with the authenticated login. */
    static final String LOGIN_ATTRIBUTE = "caravan.login";

    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        ModifiableUserProperties properties = output.getPublishPacket().getUserProperties();
        properties.removeName(MessageSender.USER_PROPERTY);
        input.getConnectionInformation().getConnectionAttributeStore().getAsString(LOGIN_ATTRIBUTE)
                .ifPresent(login -> properties.addUserProperty(MessageSender.USER_PROPERTY, login));
    }

    @Override
    public void onConnect(ConnectInboundInput input, ConnectInboundOutput output) {
        WillPublishPacket will = input.getConnectPacket().getWillPublish().orElse(null);
        if (will == null || will.getUserProperties().getAllForName(MessageSender.USER_PROPERTY).isEmpty()) {
            return;
        }
        output.getConnectPacket().setWillPublish(withoutSender(will));
    }

    private static WillPublishPacket withoutSender(WillPublishPacket will) {
        WillPublishBuilder copy = Builders.willPublish().topic(will.getTopic()).qos(will.getQos())
                .retain(will.getRetain()).willDelay(will.getWillDelay());
        will.getPayload().ifPresent(copy::payload);
        will.getPayloadFormatIndicator().ifPresent(copy::payloadFormatIndicator);
        will.getMessageExpiryInterval().ifPresent(copy::messageExpiryInterval);
        will.getResponseTopic().ifPresent(copy::responseTopic);
        will.getCorrelationData().ifPresent(copy::correlationData);
        will.getContentType().ifPresent(copy::contentType);
        for (UserProperty property : will.getUserProperties().asList()) {
            if (!MessageSender.USER_PROPERTY.equals(property.getName())) {
                copy.userProperty(property.getName(), property.getValue());
            }
        }
        return copy.build();
    }
}
