package dev.caravan.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class RuntimeEnvironmentPostProcessorTest {

    private static StandardEnvironment environment(Map<String, Object> settings) {
        StandardEnvironment env = new StandardEnvironment();
        Map<String, Object> all = new java.util.HashMap<>(Map.of(
                "caravan.api.port", 8080,
                "caravan.mqtt.embedded.port", 1883,
                "caravan.mqtt.embedded.websocket-port", 9001,
                "caravan.db.embedded.port", 15432,
                "caravan.db.embedded.database", "caravan",
                "caravan.redis.embedded.port", 16379,
                "caravan.routes.dir", "target/routes-test"));
        all.putAll(settings);
        env.getPropertySources().addFirst(new MapPropertySource("test", all));
        new RuntimeEnvironmentPostProcessor().postProcessEnvironment(env, null);
        return env;
    }

    @Test
    void withoutServerUrlsEveryServerIsEmbedded() {
        StandardEnvironment env = environment(Map.of());

        assertThat(env.getProperty("caravan.mqtt.embedded.enabled", Boolean.class)).isTrue();
        assertThat(env.getProperty("caravan.mqtt.broker-url")).isEqualTo("tcp://localhost:1883");
        assertThat(env.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://localhost:15432/caravan");
        assertThat(env.getProperty("spring.data.redis.url")).isEqualTo("redis://localhost:16379");
    }

    @Test
    void serverUrlsReplaceTheEmbeddedServers() {
        StandardEnvironment env = environment(Map.of(
                "caravan.mqtt.url", "tcp://mosquitto:1883",
                "caravan.db.url", "postgres://db:5432/caravan",
                "caravan.db.user", "caravan",
                "caravan.redis.url", "redis://redis:6379"));

        assertThat(env.getProperty("caravan.mqtt.embedded.enabled", Boolean.class)).isFalse();
        assertThat(env.getProperty("caravan.db.embedded.enabled", Boolean.class)).isFalse();
        assertThat(env.getProperty("caravan.redis.embedded.enabled", Boolean.class)).isFalse();
        assertThat(env.getProperty("caravan.mqtt.broker-url")).isEqualTo("tcp://mosquitto:1883");
        assertThat(env.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db:5432/caravan");
        assertThat(env.getProperty("spring.datasource.username")).isEqualTo("caravan");
        assertThat(env.getProperty("spring.data.redis.url")).isEqualTo("redis://redis:6379");
    }

    @Test
    void portZeroBecomesOneFreePortThatEveryDerivedSettingShares() {
        StandardEnvironment env = environment(Map.of("caravan.mqtt.embedded.port", 0));

        int port = env.getProperty("caravan.mqtt.embedded.port", Integer.class);
        assertThat(port).isPositive();
        assertThat(env.getProperty("caravan.mqtt.broker-url")).isEqualTo("tcp://localhost:" + port);
    }

    @Test
    void aDatabaseUrlThatIsNotPostgresIsRefusedWithTheReason() {
        assertThatThrownBy(() -> RuntimeEnvironmentPostProcessor.jdbcUrl("mysql://db/caravan"))
                .hasMessageContaining("DB_URL");
    }
}
