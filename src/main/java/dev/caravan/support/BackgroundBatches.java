package dev.caravan.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Side work (updating Redis, telling other hubs) handed to one thread of its own, in order, and done in batches:
 * whatever queued up while the previous batch was written goes out together, so that a burst of items costs a few
 * round trips instead of one each, and an idle system still sends each item at once (or after the linger, when
 * one is set). When the queue is full the caller waits: back pressure instead of unbounded memory.
 */
public final class BackgroundBatches<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundBatches.class);

    private final BlockingQueue<T> queue;
    private final int maxBatch;
    private final Consumer<List<T>> writer;
    private final long lingerNanos;
    private final Thread thread;
    private volatile boolean closing;

    /**
     * @param writer handles one batch, in the order the items were added; what it throws is logged and the batch
     *               dropped (the work done here must be repairable, never the only record)
     */
    public BackgroundBatches(String name, int capacity, int maxBatch, Consumer<List<T>> writer) {
        this(name, capacity, maxBatch, Duration.ZERO, writer);
    }

    /**
     * @param linger how long a batch waits after its first item for more: a few milliseconds turn the one round trip
     *               per item of a moderate load (the items come one by one, each finding the thread idle) into one
     *               per several items
     */
    public BackgroundBatches(String name, int capacity, int maxBatch, Duration linger, Consumer<List<T>> writer) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.lingerNanos = linger.toNanos();
        this.writer = writer;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public void add(T item) {
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<T> batch = new ArrayList<>(maxBatch);
        while (!closing || !queue.isEmpty()) {
            try {
                T first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                if (lingerNanos > 0 && !closing && queue.size() < maxBatch - 1) {
                    LockSupport.parkNanos(lingerNanos);
                }
                queue.drainTo(batch, maxBatch - 1);
                writer.accept(batch);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.debug("{}: a batch of {} was not written: {}", thread.getName(), batch.size(), e.toString());
            } finally {
                batch.clear();
            }
        }
    }

    /** Finishes what is queued (at most ten seconds), then stops. */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        thread.join(10_000);
        thread.interrupt();
    }
}
