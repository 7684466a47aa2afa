package dev.caravan.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * The first admin key. From {@code caravan.security.bootstrap-api-key} ({@code CARAVAN_BOOTSTRAP_API_KEY}) when it is
 * set: installed as the key named {@value #NAME} at every start, so setting it also recovers a lost admin key.
 * Otherwise, when no active admin key exists, one is generated and printed once in the log. Done once every bean
 * exists and before the API's routes start, so that the API never answers without its first key.
 */
@Component
public class BootstrapApiKey implements SmartInitializingSingleton {

    static final String NAME = "bootstrap";
    private static final Logger LOG = LoggerFactory.getLogger(BootstrapApiKey.class);
    private static final int MIN_LENGTH = 16;

    private final ApiKeyService keys;
    private final SecurityProperties properties;

    public BootstrapApiKey(ApiKeyService keys, SecurityProperties properties) {
        this.keys = keys;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        String configured = properties.bootstrapApiKey();
        if (configured != null && !configured.isBlank()) {
            if (configured.trim().length() < MIN_LENGTH) {
                throw new IllegalStateException("caravan.security.bootstrap-api-key (CARAVAN_BOOTSTRAP_API_KEY) must"
                        + " have at least " + MIN_LENGTH + " characters");
            }
            ApiKey key = keys.install(NAME, configured.trim());
            LOG.info("Admin API key '{}' ({}) installed from caravan.security.bootstrap-api-key", NAME, key.id());
            return;
        }
        if (!keys.activeAdminExists()) {
            ApiKey key = keys.create(NAME, Role.ADMIN, null);
            LOG.warn("""

                    ==========================================================================================
                     No admin API key existed, so one was made. It is shown this once; keep it somewhere safe:

                         X-API-Key: {}

                     Make further keys with POST /api/keys (docs/security.md). To replace a lost admin key,
                     start the hub with CARAVAN_BOOTSTRAP_API_KEY set.
                    ==========================================================================================""",
                    key.key());
        }
    }
}
