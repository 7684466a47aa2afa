package dev.caravan.command;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

/**
 * Where the work after a wait runs out goes (reading the command a request waited for, looking for an HTTP device's
 * next command): not on the thread that ran out the wait. That is the JDK's single CompletableFuture delay thread,
 * which times out every {@code completeOnTimeout} and {@code orTimeout} of the JVM, Modbus requests among them; a
 * database call there would hold all of them up behind it.
 */
@Component
public class WaitTimeouts implements Executor, AutoCloseable {

    private final ExecutorService threads;

    public WaitTimeouts() {
        AtomicInteger n = new AtomicInteger();
        threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "wait-timeout-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void execute(Runnable command) {
        threads.execute(command);
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
