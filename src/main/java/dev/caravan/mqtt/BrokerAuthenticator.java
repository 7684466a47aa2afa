package dev.caravan.mqtt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded broker's door when devices must authenticate ({@code caravan.mqtt.embedded.device-authentication}),
 * installed as an embedded HiveMQ extension: the hub's own login may do everything; a device logs in with its id and
 * its password ({@code MqttCredentials}) and gets exactly {@link DeviceAcl}'s topics, everything else denied (an
 * MQTT 5 client gets NOT_AUTHORIZED for a refused publish or subscription). Failed logins count towards the lockout
 * of that username.
 */
public final class BrokerAuthenticator implements SimpleAuthenticator, ExtensionMain {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerAuthenticator.class);

    /** The device check and the lockout, from the Spring context (available once the hub has started). */
    public interface Devices {
        boolean verify(String deviceId, String password);

        long lockedForMs(String username);

        void failed(String username);

        void succeeded(String username);
    }

    private final BrokerLogin hub;
    private final java.util.function.Supplier<Optional<Devices>> devices;

    public BrokerAuthenticator(BrokerLogin hub, java.util.function.Supplier<Optional<Devices>> devices) {
        this.hub = hub;
        this.devices = devices;
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        Services.securityRegistry().setAuthenticatorProvider(providerInput -> this);
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        String username = input.getConnectPacket().getUserName().orElse(null);
        String password = input.getConnectPacket().getPassword().map(BrokerAuthenticator::text).orElse(null);
        if (username == null || password == null) {
            output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "a username and password are"
                    + " required");
            return;
        }
        if (username.equals(hub.username()) && password.equals(hub.password())) {
            output.authenticateSuccessfully();
            return;
        }
        Async<SimpleAuthOutput> async = output.async(Duration.ofSeconds(10), TimeoutFallback.FAILURE);
        Services.extensionExecutorService().submit(() -> {
            try {
                check(username, password, output);
            } catch (RuntimeException e) {
                LOG.warn("MQTT login of {} could not be checked: {}", username, e.toString());
                output.failAuthentication(ConnackReasonCode.SERVER_UNAVAILABLE, "the login cannot be checked now");
            } finally {
                async.resume();
            }
        });
    }

    private void check(String username, String password, SimpleAuthOutput output) {
        Optional<Devices> known = devices.get();
        if (known.isEmpty()) {
            output.failAuthentication(ConnackReasonCode.SERVER_UNAVAILABLE, "the hub is starting");
            return;
        }
        Devices d = known.get();
        if (d.lockedForMs(username) > 0) {
            output.failAuthentication(ConnackReasonCode.BANNED, "too many failed logins; try again later");
            return;
        }
        if (!DeviceIds.isValid(username) || !d.verify(username, password)) {
            d.failed(username);
            output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "unknown device or wrong password");
            return;
        }
        d.succeeded(username);
        ModifiableDefaultPermissions permissions = output.getDefaultPermissions();
        DeviceAcl.publishes(username).forEach(topic -> permissions.add(permission(topic,
                TopicPermission.MqttActivity.PUBLISH)));
        DeviceAcl.receives(username).forEach(topic -> permissions.add(permission(topic,
                TopicPermission.MqttActivity.SUBSCRIBE)));
        permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
        output.authenticateSuccessfully();
    }

    private static TopicPermission permission(String topic, TopicPermission.MqttActivity activity) {
        return Builders.topicPermission().topicFilter(topic).type(TopicPermission.PermissionType.ALLOW)
                .activity(activity).build();
    }

    private static String text(ByteBuffer buffer) {
        ByteBuffer copy = buffer.asReadOnlyBuffer();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
