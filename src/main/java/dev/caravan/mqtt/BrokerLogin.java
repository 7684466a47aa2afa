package dev.caravan.mqtt;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * A username and password for the broker. {@link #INTERNAL} is what the hub's own clients use on the embedded broker
 * when devices must authenticate: made at random for each run of the hub, known only inside its JVM.
 */
public record BrokerLogin(String username, String password) {

    public static final BrokerLogin INTERNAL = new BrokerLogin("caravan-hub", randomSecret());

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String toString() {
        return "BrokerLogin[" + username + "]";
    }
}
