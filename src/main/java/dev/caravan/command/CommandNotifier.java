package dev.caravan.command;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import dev.caravan.support.OrderedBackgroundTasks;

/**
 * Tells everyone about a committed state change: the hot index in Redis ({@code caravan:command:{id}}, the state
 * and device of every recent command), the other hub instances (Redis channel {@value #CHANNEL}: "commandId deviceId
 * STATE", for their waiting HTTP requests), and this instance's listeners (a Spring {@link CommandStateChanged}
 * event: notifications, waiters).
 */
@Component
public class CommandNotifier implements AutoCloseable {

    public static final String CHANNEL = "caravan:command-updates";
    private static final Duration INDEX_TTL = Duration.ofDays(7);
    private static final Logger LOG = LoggerFactory.getLogger(CommandNotifier.class);

    private final ApplicationEventPublisher events;
    private final StringRedisTemplate redis;
    private final OrderedBackgroundTasks redisTasks = new OrderedBackgroundTasks("command-index", 10_000);

    public CommandNotifier(ApplicationEventPublisher events, StringRedisTemplate redis) {
        this.events = events;
        this.redis = redis;
    }

    public static String indexKey(String commandId) {
        return "caravan:command:{" + commandId + "}";
    }

    public void changed(CommandStateChanged change) {
        redisTasks.run(() -> index(change));
        events.publishEvent(change);
    }

    /** The index entry and the channel message, in one round trip, off the caller's thread. */
    private void index(CommandStateChanged change) {
        byte[] key = bytes(indexKey(change.commandId()));
        try {
            redis.executePipelined((RedisCallback<Object>) connection -> {
                connection.hashCommands().hMSet(key, Map.of(bytes("deviceId"), bytes(change.deviceId()),
                        bytes("state"), bytes(change.to().name()), bytes("at"), bytes(change.at().toString())));
                connection.keyCommands().expire(key, INDEX_TTL.toSeconds());
                connection.publish(bytes(CHANNEL), bytes(change.commandId() + " "
                        + change.deviceId() + " " + change.to().name()));
                return null;
            });
        } catch (RuntimeException e) {
            // PostgreSQL holds the truth; the index is rebuilt by the next change
            LOG.debug("command index not updated for {}: {}", change.commandId(), e.getMessage());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        redisTasks.close();
    }
}
