package dev.caravan.command;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import dev.caravan.support.BackgroundBatches;

/**
 * Tells everyone about a committed state change: the hot index in Redis ({@code caravan:command:{id}}, the state
 * and device of every recent command), the other hub instances (Redis channel {@value #CHANNEL}: a line
 * "commandId deviceId STATE" per change, for their waiting HTTP requests), and this instance's listeners (a Spring
 * {@link CommandStateChanged} event: notifications, waiters).
 */
@Component
public class CommandNotifier implements AutoCloseable {

    public static final String CHANNEL = "caravan:command-updates";
    private static final Duration INDEX_TTL = Duration.ofDays(7);
    /** A command's PENDING, SENT and outcome often come within a few milliseconds: one index write for all three. */
    private static final Duration LINGER = Duration.ofMillis(5);
    private static final Logger LOG = LoggerFactory.getLogger(CommandNotifier.class);

    private final ApplicationEventPublisher events;
    private final StringRedisTemplate redis;
    private final BackgroundBatches<CommandStateChanged> redisBatches =
            new BackgroundBatches<>("command-index", 10_000, 500, LINGER, this::index);

    public CommandNotifier(ApplicationEventPublisher events, StringRedisTemplate redis) {
        this.events = events;
        this.redis = redis;
    }

    public static String indexKey(String commandId) {
        return "caravan:command:{" + commandId + "}";
    }

    public void changed(CommandStateChanged change) {
        redisBatches.add(change);
        events.publishEvent(change);
    }

    /**
     * The index entries and one channel message (a line per command) for a batch of changes, in one round trip, off
     * the callers' threads. A command changed several times in the batch is written once, in its latest state; an
     * outcome is never replaced by an earlier state whose notice came late (a dispatcher's SENT after the answer).
     */
    private void index(List<CommandStateChanged> changes) {
        StringBuilder lines = new StringBuilder();
        try {
            redis.executePipelined((RedisCallback<Object>) connection -> {
                for (CommandStateChanged change : latest(changes)) {
                    byte[] key = bytes(indexKey(change.commandId()));
                    connection.hashCommands().hMSet(key, Map.of(bytes("deviceId"), bytes(change.deviceId()),
                            bytes("state"), bytes(change.to().name()), bytes("at"), bytes(change.at().toString())));
                    connection.keyCommands().expire(key, INDEX_TTL.toSeconds());
                    lines.append(change.commandId()).append(' ').append(change.deviceId()).append(' ')
                            .append(change.to().name()).append('\n');
                }
                connection.publish(bytes(CHANNEL), bytes(lines.toString()));
                return null;
            });
        } catch (RuntimeException e) {
            // PostgreSQL holds the truth; the index is rebuilt by the next change
            LOG.debug("command index not updated for {} changes: {}", changes.size(), e.getMessage());
        }
    }

    /** Each command's latest change in the batch, an outcome before any non-final state, in first-seen order. */
    static Collection<CommandStateChanged> latest(List<CommandStateChanged> changes) {
        Map<String, CommandStateChanged> latest = new LinkedHashMap<>();
        for (CommandStateChanged change : changes) {
            latest.merge(change.commandId(), change, (before, after) ->
                    before.to().isFinal() && !after.to().isFinal() ? before : after);
        }
        return latest.values();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        redisBatches.close();
    }
}
