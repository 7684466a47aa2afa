package dev.caravan.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AbstractDependsOnBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import redis.embedded.RedisServer;

/**
 * The embedded Redis (a real redis-server binary shipped in a Maven artifact), used when {@code REDIS_URL} is unset.
 * It listens on loopback only and keeps an append-only file in {@code <data-dir>/redis}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "caravan.redis.embedded.enabled", havingValue = "true")
public class EmbeddedRedisConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedisConfiguration.class);

    @Bean(destroyMethod = "stop")
    RedisServer embeddedRedis(DataDirectory data, @Value("${caravan.redis.embedded.port}") int port)
            throws IOException {
        Path dir = data.resolve("redis");
        Path pidFile = dir.resolve("redis.pid");
        StaleServerProcess.stopIfRunning(pidFile, "redis-server", Duration.ofSeconds(10));
        PortInUse.refuse(port, "Redis", "caravan.redis.embedded.port (REDIS_PORT)");
        RedisServer server = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("dir " + dir)
                .setting("pidfile " + pidFile)
                .setting("appendonly yes")
                .setting("protected-mode yes")
                // stopped by this bean's destroy, after the Redis clients; a JVM hook of its own would race them
                .onShutdownForceStop(false)
                .build();
        server.start();
        LOG.info("Embedded Redis on port {} (data {})", port, dir);
        return server;
    }

    @Bean
    static AbstractDependsOnBeanFactoryPostProcessor redisDependsOnEmbeddedRedis() {
        return new AbstractDependsOnBeanFactoryPostProcessor(RedisConnectionFactory.class, "embeddedRedis") {
        };
    }
}
