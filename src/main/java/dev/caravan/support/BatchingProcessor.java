package dev.caravan.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An asynchronous step that holds exchanges until their data is durable, and writes them in batches.
 *
 * <p>{@code process} extracts an item from the exchange and returns at once, without completing the exchange;
 * writer threads take whatever has queued up (up to {@code maxBatch}), hand it to the sink in one write, and only
 * then complete the exchanges. With camel-paho-mqtt5 and manual acks, the PUBACK goes out on completion: a message
 * is acknowledged only once it is stored, and the consumer's callback thread is never blocked by storage.
 *
 * <p>Failures: while the sink's server is away (a transient failure) the batch is retried with backoff and the
 * exchanges wait — the broker holds further messages back once its in-flight window is full. A batch the sink
 * refuses for its data is retried one item at a time, so that only the bad items fail (and reach the route's error
 * policy) and the rest are written.
 */
public class BatchingProcessor<T> extends AsyncProcessorSupport {

    /** Writes a batch in one go, or throws. */
    @FunctionalInterface
    public interface Sink<T> {
        void write(List<T> items) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(BatchingProcessor.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final String name;
    private final Function<Exchange, T> extractor;
    private final Sink<T> sink;
    private final int maxBatch;
    private final int writers;
    private final BlockingQueue<Pending<T>> queue;
    private final AtomicInteger inWrite = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    public BatchingProcessor(String name, Function<Exchange, T> extractor, Sink<T> sink, int maxBatch,
                             int writers, int queueCapacity) {
        this.name = name;
        this.extractor = extractor;
        this.sink = sink;
        this.maxBatch = maxBatch;
        this.writers = writers;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        T item;
        try {
            item = extractor.apply(exchange);
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        try {
            // blocks only when the queue is full: back pressure onto the consumer
            queue.put(new Pending<>(item, exchange, callback));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        return false;
    }

    /** Items accepted and not yet written. */
    public int pending() {
        return queue.size() + inWrite.get();
    }

    @Override
    protected void doStart() {
        stopping = false;
        for (int i = 1; i <= writers; i++) {
            Thread thread = new Thread(this::writeLoop, name + "-writer-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    @Override
    protected void doStop() throws InterruptedException {
        stopping = true;
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(30).toMillis());
        }
        threads.clear();
        // anything left could not be written: fail it, so that it is not acknowledged and comes back
        List<Pending<T>> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> fail(p, new IllegalStateException(name + " stopped before the item was written")));
    }

    private void writeLoop() {
        List<Pending<T>> batch = new ArrayList<>(maxBatch);
        while (!(stopping && queue.isEmpty())) {
            try {
                Pending<T> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                inWrite.addAndGet(batch.size());
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                batch.forEach(p -> fail(p, e));
                return;
            } catch (RuntimeException e) {
                LOG.error("{}: unexpected failure in the writer; failing {} items", name, batch.size(), e);
                batch.forEach(p -> fail(p, e));
            } finally {
                inWrite.addAndGet(-batch.size());
                batch.clear();
            }
        }
    }

    private void write(List<Pending<T>> batch) throws InterruptedException {
        List<T> items = new ArrayList<>(batch.size());
        batch.forEach(p -> items.add(p.item));
        Duration backoff = Duration.ofMillis(100);
        long firstFailure = 0;
        while (true) {
            try {
                sink.write(items);
                if (firstFailure != 0) {
                    LOG.info("{}: writing again after {} s of failures", name,
                            (System.currentTimeMillis() - firstFailure) / 1000);
                }
                batch.forEach(p -> p.callback.done(false));
                return;
            } catch (Exception e) {
                if (!Failures.isTransient(e)) {
                    writeOneByOne(batch, e);
                    return;
                }
                if (stopping) {
                    batch.forEach(p -> fail(p, e));
                    return;
                }
                if (firstFailure == 0) {
                    firstFailure = System.currentTimeMillis();
                    LOG.warn("{}: cannot write ({}); holding {} items and retrying", name, e.getMessage(),
                            batch.size());
                }
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private void writeOneByOne(List<Pending<T>> batch, Exception batchFailure) {
        if (batch.size() == 1) {
            fail(batch.get(0), batchFailure);
            return;
        }
        LOG.debug("{}: batch of {} refused ({}); writing one by one", name, batch.size(), batchFailure.getMessage());
        for (Pending<T> pending : batch) {
            try {
                sink.write(List.of(pending.item));
                pending.callback.done(false);
            } catch (Exception e) {
                fail(pending, e);
            }
        }
    }

    private void fail(Pending<T> pending, Exception e) {
        pending.exchange.setException(e);
        pending.callback.done(false);
    }

    private record Pending<T>(T item, Exchange exchange, AsyncCallback callback) {
    }
}
