package dev.caravan.command;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * HTTP devices long-polling for their next command: a poll waits until a command becomes due for its device (in
 * this hub, or another one: see {@link CommandWaiters}) or its wait runs out.
 */
@Component
public class CommandPollers {

    private final Map<String, List<CompletableFuture<Void>>> polling = new ConcurrentHashMap<>();
    private final WaitTimeouts timeouts;

    public CommandPollers(WaitTimeouts timeouts) {
        this.timeouts = timeouts;
    }

    /** Completes when a command for the device may be due, or after {@code wait}. */
    public CompletableFuture<Void> await(String deviceId, Duration wait) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        polling.computeIfAbsent(deviceId, d -> new CopyOnWriteArrayList<>()).add(future);
        future.whenComplete((v, e) -> polling.computeIfPresent(deviceId, (d, list) -> {
            list.remove(future);
            return list.isEmpty() ? null : list;
        }));
        // what the poll does next (a transaction) runs on a thread for that, whoever completed it
        return future.completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS)
                .thenApplyAsync(woken -> woken, timeouts);
    }

    /** Whether a poll of the device is waiting. */
    boolean waiting(String deviceId) {
        List<CompletableFuture<Void>> futures = polling.get(deviceId);
        return futures != null && !futures.isEmpty();
    }

    public void wake(String deviceId) {
        List<CompletableFuture<Void>> futures = polling.get(deviceId);
        if (futures != null) {
            futures.forEach(f -> f.complete(null));
        }
    }

    @EventListener
    public void onChange(CommandStateChanged change) {
        if (change.to() == CommandState.PENDING) {
            wake(change.deviceId());
        }
    }
}
