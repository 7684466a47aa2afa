package dev.caravan.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchingProcessorTest {

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final List<List<String>> written = new CopyOnWriteArrayList<>();
    private BatchingProcessor<String> processor;

    @AfterEach
    void stop() {
        if (processor != null) {
            processor.stop();
        }
    }

    private BatchingProcessor<String> start(BatchingProcessor.Sink<String> sink, int maxBatch) {
        processor = new BatchingProcessor<>("test", e -> e.getMessage().getBody(String.class), sink, maxBatch, 1,
                1000);
        processor.start();
        return processor;
    }

    private Sent send(String body) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(body);
        CountDownLatch done = new CountDownLatch(1);
        boolean sync = processor.process(exchange, doneSync -> done.countDown());
        return new Sent(exchange, done, sync);
    }

    private record Sent(Exchange exchange, CountDownLatch done, boolean sync) {
        boolean completed() {
            return done.getCount() == 0;
        }
    }

    @Test
    void anExchangeCompletesOnlyAfterItsBatchIsWritten() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        start(items -> {
            release.await();
            written.add(List.copyOf(items));
        }, 100);

        Sent sent = send("a");

        assertThat(sent.sync()).as("process returns before the write").isFalse();
        assertThat(sent.done().await(200, java.util.concurrent.TimeUnit.MILLISECONDS)).isFalse();
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(sent::completed);
        assertThat(written).containsExactly(List.of("a"));
        assertThat(sent.exchange().getException()).isNull();
    }

    @Test
    void itemsThatQueueUpWhileAWriteIsUnderWayAreWrittenTogether() throws Exception {
        CountDownLatch firstWriteStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        start(items -> {
            firstWriteStarted.countDown();
            release.await();
            written.add(List.copyOf(items));
        }, 100);
        Sent first = send("first");
        firstWriteStarted.await();
        List<Sent> queued = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            queued.add(send("q" + i));
        }

        release.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> queued.stream().allMatch(Sent::completed));
        assertThat(first.completed()).isTrue();
        assertThat(written).hasSize(2);
        assertThat(written.get(1)).hasSize(10);
    }

    @Test
    void noBatchIsLargerThanTheMaximum() {
        CountDownLatch release = new CountDownLatch(1);
        start(items -> {
            release.await();
            written.add(List.copyOf(items));
        }, 3);
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sent.add(send("i" + i));
        }

        release.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> sent.stream().allMatch(Sent::completed));
        assertThat(written).allSatisfy(batch -> assertThat(batch.size()).isLessThanOrEqualTo(3));
        assertThat(written.stream().mapToInt(List::size).sum()).isEqualTo(10);
    }

    @Test
    void aBatchIsRetriedWhileItsServerIsAwayAndNothingFails() {
        AtomicInteger attempts = new AtomicInteger();
        start(items -> {
            if (attempts.incrementAndGet() <= 3) {
                throw new SQLTransientConnectionException("database away");
            }
            written.add(List.copyOf(items));
        }, 100);

        Sent sent = send("kept");

        await().atMost(Duration.ofSeconds(10)).until(sent::completed);
        assertThat(sent.exchange().getException()).isNull();
        assertThat(attempts.get()).isEqualTo(4);
        assertThat(written).containsExactly(List.of("kept"));
    }

    @Test
    void anItemTheSinkRefusesFailsAloneAndTheRestOfItsBatchIsWritten() throws Exception {
        CountDownLatch firstWriteStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        start(items -> {
            if (items.contains("blocker")) {
                firstWriteStarted.countDown();
                release.await();
            }
            if (items.contains("poison")) {
                throw new SQLException("value out of range", "22003");
            }
            written.add(List.copyOf(items));
        }, 100);
        send("blocker");
        firstWriteStarted.await();
        Sent good1 = send("good1");
        Sent poison = send("poison");
        Sent good2 = send("good2");

        release.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> good1.completed() && poison.completed()
                && good2.completed());
        assertThat(poison.exchange().getException()).hasMessageContaining("out of range");
        assertThat(good1.exchange().getException()).isNull();
        assertThat(good2.exchange().getException()).isNull();
        assertThat(written.stream().flatMap(List::stream)).contains("good1", "good2").doesNotContain("poison");
    }

    @Test
    void anExchangeWhoseItemCannotBeExtractedFailsAtOnce() {
        processor = new BatchingProcessor<>("test", e -> {
            throw new IllegalArgumentException("unreadable");
        }, items -> written.add(items), 10, 1, 10);
        processor.start();

        Sent sent = send("x");

        assertThat(sent.sync()).isTrue();
        assertThat(sent.completed()).isTrue();
        assertThat(sent.exchange().getException()).hasMessage("unreadable");
        assertThat(written).isEmpty();
    }

    @Test
    void pendingCountsItemsAcceptedAndNotYetWritten() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        start(items -> release.await(), 1);
        send("a");
        send("b");

        await().atMost(Duration.ofSeconds(5)).until(() -> processor.pending() == 2);
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> processor.pending() == 0);
    }
}
