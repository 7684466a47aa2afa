package dev.caravan.mqtt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded broker's door when devices must authenticate ({@code caravan.mqtt.embedded.device-authentication}),
 * installed by {@link BrokerExtension}: the hub's own login may do everything; a device logs in with its id and
 * its password ({@code MqttCredentials}), or on the TLS listener with a client certificate whose subject CN is its id,
 * and gets exactly {@link DeviceAcl}'s topics, everything else denied (an
 * MQTT 5 client gets NOT_AUTHORIZED for a refused publish or subscription). Failed logins count towards the lockout
 * of that username.
 */
public final class BrokerAuthenticator implements SimpleAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerAuthenticator.class);

    /** The device check and the lockout, from the Spring context (available once the hub has started). */
    public interface Devices {
        boolean verify(String deviceId, String password);

        /** Whether the device is in the registry (a login by client certificate). */
        boolean registered(String deviceId);

        long lockedForMs(String username);

        void failed(String username);

        void succeeded(String username);
    }

    private final BrokerLogin hub;
    private final java.util.function.Supplier<Optional<Devices>> devices;
    private final boolean enforceAcl;

    /**
     * @param enforceAcl devices get only their own topics; false: any topic once logged in (the hub's own ACL check
     *                   still refuses what a device sends on another's topics, docs/security.md#broker)
     */
    public BrokerAuthenticator(BrokerLogin hub, java.util.function.Supplier<Optional<Devices>> devices,
                               boolean enforceAcl) {
        this.hub = hub;
        this.devices = devices;
        this.enforceAcl = enforceAcl;
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        String username = input.getConnectPacket().getUserName().orElse(null);
        String password = input.getConnectPacket().getPassword().map(BrokerAuthenticator::text).orElse(null);
        X509Certificate certificate = input.getConnectionInformation().getClientTlsInformation()
                .flatMap(ClientTlsInformation::getClientCertificate).orElse(null);
        if (certificate == null && (username == null || password == null)) {
            output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "a username and password, or a"
                    + " client certificate, are required");
            return;
        }
        if (certificate == null && username.equals(hub.username()) && password.equals(hub.password())) {
            remember(input, username);
            output.authenticateSuccessfully();
            return;
        }
        Async<SimpleAuthOutput> async = output.async(Duration.ofSeconds(10), TimeoutFallback.FAILURE);
        Services.extensionExecutorService().submit(() -> {
            try {
                Optional<String> device = certificate != null ? byCertificate(certificate, username, output)
                        : byPassword(username, password, output);
                device.ifPresent(id -> grant(input, id, output));
            } catch (RuntimeException e) {
                LOG.warn("MQTT login of {} could not be checked: {}", username, e.toString());
                output.failAuthentication(ConnackReasonCode.SERVER_UNAVAILABLE, "the login cannot be checked now");
            } finally {
                async.resume();
            }
        });
    }

    private Optional<String> byPassword(String username, String password, SimpleAuthOutput output) {
        Optional<Devices> known = checks(output);
        if (known.isEmpty() || locked(known.get(), username, output)) {
            return Optional.empty();
        }
        Devices d = known.get();
        if (!DeviceIds.isValid(username) || !d.verify(username, password)) {
            d.failed(username);
            output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "unknown device or wrong password");
            return Optional.empty();
        }
        d.succeeded(username);
        return Optional.of(username);
    }

    /**
     * A certificate the TLS listener accepted (signed by the configured CA) names its device in its subject's CN; a
     * username, if given too, must be the same.
     */
    private Optional<String> byCertificate(X509Certificate certificate, String username, SimpleAuthOutput output) {
        Optional<Devices> known = checks(output);
        String deviceId = ClientCertificates.deviceId(certificate).orElse(null);
        if (known.isEmpty() || locked(known.get(), deviceId == null ? "certificate" : deviceId, output)) {
            return Optional.empty();
        }
        Devices d = known.get();
        if (deviceId == null || !DeviceIds.isValid(deviceId) || !d.registered(deviceId)
                || (username != null && !username.equals(deviceId))) {
            d.failed(deviceId == null ? "certificate" : deviceId);
            output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "the certificate does not name a registered"
                    + " device (subject CN)" + (username != null ? " or does not match the username" : ""));
            return Optional.empty();
        }
        d.succeeded(deviceId);
        return Optional.of(deviceId);
    }

    private Optional<Devices> checks(SimpleAuthOutput output) {
        Optional<Devices> known = devices.get();
        if (known.isEmpty()) {
            output.failAuthentication(ConnackReasonCode.SERVER_UNAVAILABLE, "the hub is starting");
        }
        return known;
    }

    private static boolean locked(Devices d, String username, SimpleAuthOutput output) {
        if (d.lockedForMs(username) > 0) {
            output.failAuthentication(ConnackReasonCode.BANNED, "too many failed logins; try again later");
            return true;
        }
        return false;
    }

    private void grant(SimpleAuthInput input, String deviceId, SimpleAuthOutput output) {
        remember(input, deviceId);
        if (enforceAcl) {
            ModifiableDefaultPermissions permissions = output.getDefaultPermissions();
            DeviceAcl.publishes(deviceId).forEach(topic -> permissions.add(permission(topic,
                    TopicPermission.MqttActivity.PUBLISH)));
            DeviceAcl.receives(deviceId).forEach(topic -> permissions.add(permission(topic,
                    TopicPermission.MqttActivity.SUBSCRIBE)));
            permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
        }
        output.authenticateSuccessfully();
    }

    /** The login the sender stamp writes on this connection's publishes. */
    private static void remember(SimpleAuthInput input, String login) {
        input.getConnectionInformation().getConnectionAttributeStore()
                .putAsString(BrokerSenderStamp.LOGIN_ATTRIBUTE, login);
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
