package dev.caravan.command;

import java.time.Duration;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Tells everyone about a committed state change: the hot index in Redis ({@code caravan:command:{id}}, the state
 * and device of every recent command), the other hub instances (Redis channel {@value #CHANNEL}: "commandId deviceId
 * STATE", for their waiting HTTP requests), and this instance's listeners (a Spring {@link CommandStateChanged}
 * event: notifications, waiters).
 */
@Component
public class CommandNotifier {

    public static final String CHANNEL = "caravan:command-updates";
    private static final Duration INDEX_TTL = Duration.ofDays(7);
    private static final Logger LOG = LoggerFactory.getLogger(CommandNotifier.class);

    private final ApplicationEventPublisher events;
    private final StringRedisTemplate redis;

    public CommandNotifier(ApplicationEventPublisher events, StringRedisTemplate redis) {
        this.events = events;
        this.redis = redis;
    }

    public static String indexKey(String commandId) {
        return "caravan:command:{" + commandId + "}";
    }

    public void changed(CommandStateChanged change) {
        try {
            String key = indexKey(change.commandId());
            redis.opsForHash().putAll(key, Map.of("deviceId", change.deviceId(), "state", change.to().name(),
                    "at", change.at().toString()));
            redis.expire(key, INDEX_TTL);
            redis.convertAndSend(CHANNEL, change.commandId() + " " + change.deviceId() + " " + change.to().name());
        } catch (RuntimeException e) {
            // PostgreSQL holds the truth; other hubs' waiters fall back to polling it
            LOG.debug("command index not updated for {}: {}", change.commandId(), e.getMessage());
        }
        events.publishEvent(change);
    }

    /** The state the hot index knows for a command, or null. */
    public CommandState indexedState(String commandId) {
        try {
            Object state = redis.opsForHash().get(indexKey(commandId), "state");
            return state == null ? null : CommandState.valueOf((String) state);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
