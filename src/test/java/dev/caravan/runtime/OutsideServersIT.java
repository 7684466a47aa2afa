package dev.caravan.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import redis.embedded.RedisServer;

import dev.caravan.testing.HubApi;
import dev.caravan.testing.HubEndpoints;
import dev.caravan.testing.HubTest;
import dev.caravan.testing.TestDevice;

/**
 * With DB_URL and REDIS_URL set, the hub starts no database or Redis of its own and keeps its data in the servers
 * it is given (here a PostgreSQL and a Redis the test starts, standing for the site's servers).
 */
@HubTest
@DirtiesContext
class OutsideServersIT {

    static EmbeddedPostgres postgres;
    static RedisServer redis;
    static int redisPort;

    @DynamicPropertySource
    static void outsideServers(DynamicPropertyRegistry registry) throws IOException {
        postgres = EmbeddedPostgres.builder().setPort(0).start();
        redisPort = FreePorts.pick();
        redis = RedisServer.newRedisServer().port(redisPort).bind("127.0.0.1").build();
        redis.start();
        registry.add("caravan.db.url", () -> "postgres://localhost:" + postgres.getPort() + "/postgres");
        registry.add("caravan.db.user", () -> "postgres");
        registry.add("caravan.db.password", () -> "");
        registry.add("caravan.redis.url", () -> "redis://localhost:" + redisPort);
    }

    @AfterAll
    static void stopServers() throws IOException {
        redis.stop();
        postgres.close();
    }

    @Autowired
    ApplicationContext context;

    @Autowired
    Environment env;

    @Test
    void noEmbeddedDatabaseOrRedisIsStarted() {
        assertThat(context.getBeanNamesForType(EmbeddedPostgres.class)).isEmpty();
        assertThat(context.getBeanNamesForType(RedisServer.class)).isEmpty();
        assertThat(env.getProperty("spring.datasource.url"))
                .isEqualTo("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres");
    }

    @Test
    void telemetryLandsInTheGivenDatabaseAndRedis() throws Exception {
        HubApi api = HubEndpoints.api(env);
        try (TestDevice device = TestDevice.connect(HubEndpoints.brokerUrl(env), "outside-dev")) {
            device.publish("device/outside-dev/telemetry", "{\"flow\":3.5}");
            await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/devices/outside-dev/telemetry/latest")
                    .json().at("/values/flow/value").asDouble() == 3.5);
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             ResultSet rs = c.createStatement().executeQuery(
                     "select num_value from telemetry where device_id = 'outside-dev' and key = 'flow'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getDouble(1)).isEqualTo(3.5);
        }
        RedisClient client = RedisClient.create("redis://localhost:" + redisPort);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            assertThat(connection.sync().hget("caravan:latest:{outside-dev}", "flow")).contains("3.5");
        } finally {
            client.shutdown();
        }
    }
}
