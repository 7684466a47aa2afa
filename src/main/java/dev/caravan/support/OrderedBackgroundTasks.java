package dev.caravan.support;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Side work (updating Redis, telling other hubs) done on one thread of its own, in the order it was handed over, so
 * that the hot path does not wait for it. When the queue is full the caller does the task itself: back pressure
 * instead of unbounded memory.
 */
public final class OrderedBackgroundTasks implements AutoCloseable {

    private final ThreadPoolExecutor executor;

    public OrderedBackgroundTasks(String name, int queueCapacity) {
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
    }

    public void run(Runnable task) {
        executor.execute(task);
    }

    /** Finishes what is queued (at most a few seconds), then stops. */
    @Override
    public void close() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
