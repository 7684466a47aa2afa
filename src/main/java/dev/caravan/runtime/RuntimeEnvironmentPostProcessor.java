package dev.caravan.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySourcesPropertyResolver;
import org.springframework.util.StringUtils;

/**
 * Decides which servers are embedded and where every server is, as properties every other part reads.
 *
 * <p>A server is embedded when its URL ({@code MQTT_URL}, {@code DB_URL}, {@code REDIS_URL}) is unset. From that
 * follow {@code caravan.{mqtt,db,redis}.embedded.enabled}, {@code caravan.mqtt.broker-url}, {@code spring.datasource.*}
 * and {@code spring.data.redis.url}. Ports configured as 0 become free ports, picked once, so that every property
 * that refers to them agrees. {@code caravan.instance-id} gets its default, the host name.
 *
 * <p>The values are computed when read, from whatever the environment holds then, so that property sources added
 * after start-up processing (such as a test's dynamic properties) are honoured.
 */
public class RuntimeEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "caravanRuntime";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        MutablePropertySources sources = env.getPropertySources();
        if (!sources.contains(SOURCE_NAME)) {
            sources.addFirst(new RuntimePropertySource(sources));
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
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

    /** The derived properties, computed on each read from the other property sources. */
    static final class RuntimePropertySource extends EnumerablePropertySource<MutablePropertySources> {

        private static final String[] PORTS = {"caravan.api.port", "caravan.mqtt.embedded.port",
            "caravan.mqtt.embedded.websocket-port", "caravan.mqtt.embedded.tls-port", "caravan.db.embedded.port",
            "caravan.redis.embedded.port"};

        private final Map<String, Function<PropertySourcesPropertyResolver, Object>> derived = Map.ofEntries(
                Map.entry("caravan.instance-id", r -> instanceId(r)),
                Map.entry("caravan.mqtt.embedded.enabled", r -> !has(r, "caravan.mqtt.url")),
                Map.entry("caravan.db.embedded.enabled", r -> !has(r, "caravan.db.url")),
                Map.entry("caravan.redis.embedded.enabled", r -> !has(r, "caravan.redis.url")),
                Map.entry("caravan.mqtt.broker-url", r -> has(r, "caravan.mqtt.url")
                        ? r.getProperty("caravan.mqtt.url").trim()
                        : "tcp://localhost:" + port(r, "caravan.mqtt.embedded.port")),
                Map.entry("spring.datasource.url", r -> has(r, "caravan.db.url")
                        ? jdbcUrl(r.getProperty("caravan.db.url").trim())
                        : "jdbc:postgresql://localhost:" + port(r, "caravan.db.embedded.port") + "/"
                                + r.getProperty("caravan.db.embedded.database", "caravan")),
                Map.entry("spring.datasource.username", r -> has(r, "caravan.db.url")
                        ? r.getProperty("caravan.db.user", "") : "postgres"),
                Map.entry("spring.datasource.password", r -> has(r, "caravan.db.url")
                        ? r.getProperty("caravan.db.password", "") : ""),
                Map.entry("spring.data.redis.url", r -> has(r, "caravan.redis.url")
                        ? r.getProperty("caravan.redis.url").trim()
                        : "redis://localhost:" + port(r, "caravan.redis.embedded.port")));

        private static final String SPRING_BOOT_ATTACHED_VIEW = "configurationProperties";

        private final Map<String, Integer> pickedPorts = new ConcurrentHashMap<>();
        private volatile String instanceId;

        RuntimePropertySource(MutablePropertySources sources) {
            super(SOURCE_NAME, sources);
        }

        @Override
        public String[] getPropertyNames() {
            String[] names = derived.keySet().toArray(new String[derived.size() + PORTS.length]);
            System.arraycopy(PORTS, 0, names, derived.size(), PORTS.length);
            return names;
        }

        @Override
        public Object getProperty(String name) {
            Function<PropertySourcesPropertyResolver, Object> rule = derived.get(name);
            if (rule != null) {
                return rule.apply(others());
            }
            for (String portKey : PORTS) {
                if (portKey.equals(name)) {
                    Integer configured = others().getProperty(name, Integer.class);
                    return configured != null && configured == 0 ? port(others(), name) : null;
                }
            }
            return null;
        }

        /** The environment without this source: what the user configured. */
        private PropertySourcesPropertyResolver others() {
            MutablePropertySources rest = new MutablePropertySources(getSource());
            rest.remove(SOURCE_NAME);
            // Spring Boot's view over all sources, this one included
            rest.remove(SPRING_BOOT_ATTACHED_VIEW);
            return new PropertySourcesPropertyResolver(rest);
        }

        private int port(PropertySourcesPropertyResolver configured, String key) {
            Integer port = configured.getProperty(key, Integer.class);
            if (port == null) {
                throw new IllegalStateException("missing setting " + key);
            }
            return port != 0 ? port : pickedPorts.computeIfAbsent(key, k -> FreePorts.pick());
        }

        /** Resolved once: a configured value such as {@code ${random.uuid}} must not change between reads. */
        private String instanceId(PropertySourcesPropertyResolver configured) {
            if (instanceId == null) {
                instanceId = InstanceId.resolve(configured.getProperty("caravan.instance-id", ""));
            }
            return instanceId;
        }

        private static boolean has(PropertySourcesPropertyResolver resolver, String key) {
            return StringUtils.hasText(resolver.getProperty(key));
        }
    }
}
