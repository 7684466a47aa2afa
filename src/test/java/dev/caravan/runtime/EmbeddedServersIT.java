package dev.caravan.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.caravan.testing.HubTest;

/** The embedded servers keep what the hub acknowledges. */
@HubTest
class EmbeddedServersIT {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    StringRedisTemplate redis;

    @Test
    void theEmbeddedPostgresqlWritesCommitsToDisk() {
        assertThat(jdbc.queryForObject("show fsync", String.class)).isEqualTo("on");
        assertThat(jdbc.queryForObject("show synchronous_commit", String.class)).isEqualTo("on");
    }

    @Test
    void theEmbeddedRedisKeepsAnAppendOnlyFile() {
        Properties config = redis.execute((RedisCallback<Properties>) c -> c.serverCommands().getConfig("appendonly"));

        assertThat(config.getProperty("appendonly")).isEqualTo("yes");
    }
}
