package dev.caravan.testing;

import org.springframework.core.env.Environment;

/** Where a test's hub listens, read from its resolved configuration. */
public final class HubEndpoints {

    private HubEndpoints() {
    }

    public static String brokerUrl(Environment env) {
        return env.getRequiredProperty("caravan.mqtt.broker-url");
    }

    public static HubApi api(Environment env) {
        return new HubApi(env.getRequiredProperty("caravan.api.port", Integer.class));
    }
}
