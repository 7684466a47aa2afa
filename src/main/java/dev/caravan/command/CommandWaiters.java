package dev.caravan.command;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * HTTP requests waiting for commands to settle ({@code wait: true}). A waiter is woken by a state change in this
 * hub (Spring event) or in another hub (Redis channel {@link CommandNotifier#CHANNEL}); it then reads the command
 * from PostgreSQL, the single truth.
 */
@Component
public class CommandWaiters {

    private final Map<String, List<CompletableFuture<Command>>> waiting = new ConcurrentHashMap<>();
    private final CommandRepository repository;
    private final WaitTimeouts timeouts;

    public CommandWaiters(CommandRepository repository, WaitTimeouts timeouts) {
        this.repository = repository;
        this.timeouts = timeouts;
    }

    /**
     * Completes with the command once it is final, or with the command as it is when {@code patience} runs out.
     */
    public CompletableFuture<Command> await(String commandId, Duration patience) {
        CompletableFuture<Command> outcome = awaitNew(commandId, patience);
        // it may have settled before we registered
        if (repository.state(commandId).map(CommandState::isFinal).orElse(false)) {
            poke(commandId);
        }
        return outcome;
    }

    /**
     * Like {@link #await}, for a command that is about to be created: registered before it can be sent, so that it
     * cannot settle unseen, and no look-up is needed.
     */
    public CompletableFuture<Command> awaitNew(String commandId, Duration patience) {
        CompletableFuture<Command> future = new CompletableFuture<>();
        waiting.computeIfAbsent(commandId, id -> new CopyOnWriteArrayList<>()).add(future);
        future.whenComplete((c, e) -> forget(commandId, future));
        // settled: on the thread that settled it; out of patience: read as it is now, on a thread for that
        return future.completeOnTimeout(null, patience.toMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(settled -> settled != null ? CompletableFuture.completedFuture(settled)
                        : CompletableFuture.supplyAsync(() -> repository.find(commandId).orElse(null), timeouts));
    }

    /** Hands a command that has just settled, as stored, to whoever waits for it, without reading it again. */
    public void settled(Command command) {
        List<CompletableFuture<Command>> futures = waiting.get(command.commandId());
        if (futures != null && command.state().isFinal()) {
            futures.forEach(f -> f.complete(command));
        }
    }

    /** Re-reads a command some waiter may be waiting for. */
    public void poke(String commandId) {
        List<CompletableFuture<Command>> futures = waiting.get(commandId);
        if (futures == null || futures.isEmpty()) {
            return;
        }
        Optional<Command> command = repository.find(commandId);
        if (command.isPresent() && command.get().state().isFinal()) {
            futures.forEach(f -> f.complete(command.get()));
        }
    }

    @EventListener
    public void onChange(CommandStateChanged change) {
        if (change.to().isFinal()) {
            poke(change.commandId());
        }
    }

    int waiting() {
        return waiting.values().stream().mapToInt(List::size).sum();
    }

    private void forget(String commandId, CompletableFuture<Command> future) {
        waiting.computeIfPresent(commandId, (id, list) -> {
            list.remove(future);
            return list.isEmpty() ? null : list;
        });
    }

    /** Listens to the other hubs' state changes. */
    @Configuration(proxyBeanMethods = false)
    static class RemoteChanges {

        @Bean
        RedisMessageListenerContainer commandUpdatesListener(RedisConnectionFactory redis, CommandWaiters waiters,
                                                             CommandPollers pollers) {
            RedisMessageListenerContainer container = new RedisMessageListenerContainer();
            container.setConnectionFactory(redis);
            container.addMessageListener((message, pattern) -> {
                for (String line : new String(message.getBody(), StandardCharsets.UTF_8).split("\n")) {
                    String[] update = line.split(" ");
                    if (update.length == 3) {
                        if (CommandState.valueOf(update[2]).isFinal()) {
                            waiters.poke(update[0]);
                        }
                        if (CommandState.PENDING.name().equals(update[2])) {
                            pollers.wake(update[1]);
                        }
                    }
                }
            }, new ChannelTopic(CommandNotifier.CHANNEL));
            return container;
        }
    }
}
