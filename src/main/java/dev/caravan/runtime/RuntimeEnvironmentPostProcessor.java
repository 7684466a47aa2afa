package dev.caravan.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Decides, before any bean exists, which servers are embedded and where every server is.
 *
 * <p>A server is embedded when its URL ({@code MQTT_URL}, {@code DB_URL}, {@code REDIS_URL}) is unset. Ports
 * configured as 0 are replaced by free ports here, once, so that every property that refers to them (the
 * broker URL of the routes, the JDBC URL, the Redis URL) agrees. The results are published as the
 * {@code caravan.*.embedded.enabled}, {@code caravan.mqtt.broker-url}, {@code spring.datasource.*} and
 * {@code spring.data.redis.url} properties.
 */
public class RuntimeEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "caravanRuntime";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        Map<String, Object> resolved = new LinkedHashMap<>();

        int apiPort = port(env, "caravan.api.port", resolved);

        String mqttUrl = env.getProperty("caravan.mqtt.url", "");
        boolean embeddedBroker = !StringUtils.hasText(mqttUrl);
        resolved.put("caravan.mqtt.embedded.enabled", embeddedBroker);
        if (embeddedBroker) {
            int mqttPort = port(env, "caravan.mqtt.embedded.port", resolved);
            port(env, "caravan.mqtt.embedded.websocket-port", resolved);
            resolved.put("caravan.mqtt.broker-url", "tcp://localhost:" + mqttPort);
        } else {
            resolved.put("caravan.mqtt.broker-url", mqttUrl.trim());
        }

        String dbUrl = env.getProperty("caravan.db.url", "");
        boolean embeddedDb = !StringUtils.hasText(dbUrl);
        resolved.put("caravan.db.embedded.enabled", embeddedDb);
        if (embeddedDb) {
            int dbPort = port(env, "caravan.db.embedded.port", resolved);
            resolved.put("spring.datasource.url", "jdbc:postgresql://localhost:" + dbPort + "/"
                    + env.getProperty("caravan.db.embedded.database", "caravan"));
            resolved.put("spring.datasource.username", "postgres");
            resolved.put("spring.datasource.password", "");
        } else {
            resolved.put("spring.datasource.url", jdbcUrl(dbUrl.trim()));
            resolved.put("spring.datasource.username", env.getProperty("caravan.db.user", ""));
            resolved.put("spring.datasource.password", env.getProperty("caravan.db.password", ""));
        }

        String redisUrl = env.getProperty("caravan.redis.url", "");
        boolean embeddedRedis = !StringUtils.hasText(redisUrl);
        resolved.put("caravan.redis.embedded.enabled", embeddedRedis);
        if (embeddedRedis) {
            int redisPort = port(env, "caravan.redis.embedded.port", resolved);
            resolved.put("spring.data.redis.url", "redis://localhost:" + redisPort);
        } else {
            resolved.put("spring.data.redis.url", redisUrl.trim());
        }
        resolved.put("caravan.api.port", apiPort);
        ensureRoutesFolder(env.getProperty("caravan.routes.dir", "routes"));

        env.getPropertySources().addFirst(new MapPropertySource(SOURCE_NAME, resolved));
    }

    /** The site's routes folder is scanned at start; a missing one would stop the hub, so it is created empty. */
    private static void ensureRoutesFolder(String dir) {
        try {
            Files.createDirectories(Path.of(dir));
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the routes folder " + dir + " (caravan.routes.dir)", e);
        }
    }

    /** Accepts {@code postgres://} and {@code postgresql://} URLs besides JDBC ones. */
    static String jdbcUrl(String url) {
        if (url.startsWith("jdbc:")) {
            return url;
        }
        if (url.startsWith("postgres://")) {
            return "jdbc:postgresql://" + url.substring("postgres://".length());
        }
        if (url.startsWith("postgresql://")) {
            return "jdbc:" + url;
        }
        throw new IllegalArgumentException("DB_URL must be a jdbc:postgresql:// or postgres:// URL, got " + url);
    }

    private static int port(ConfigurableEnvironment env, String key, Map<String, Object> resolved) {
        Integer configured = env.getProperty(key, Integer.class);
        if (configured == null) {
            throw new IllegalStateException("missing setting " + key);
        }
        int port = configured == 0 ? FreePorts.pick() : configured;
        resolved.put(key, port);
        return port;
    }

    @Override
    public int getOrder() {
        // after application.yaml and the environment have been read
        return Ordered.LOWEST_PRECEDENCE;
    }
}
