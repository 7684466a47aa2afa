package dev.caravan.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

class BackgroundBatchesTest {

    private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();

    @Test
    void itemsAddedWhileTheFirstLingersGoOutInOneBatch() throws InterruptedException {
        try (BackgroundBatches<Integer> work = new BackgroundBatches<>("test", 100, 10, Duration.ofSeconds(1),
                batch -> batches.add(List.copyOf(batch)))) {
            work.add(1);
            work.add(2);
            work.add(3);

            await().atMost(Duration.ofSeconds(5)).until(() -> !batches.isEmpty());
            assertThat(batches).containsExactly(List.of(1, 2, 3));
        }
    }

    @Test
    void aBatchIsNeverLargerThanItsMaximum() throws InterruptedException {
        try (BackgroundBatches<Integer> work = new BackgroundBatches<>("test", 100, 2, Duration.ofSeconds(1),
                batch -> batches.add(List.copyOf(batch)))) {
            for (int i = 1; i <= 5; i++) {
                work.add(i);
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> batches.stream().mapToInt(List::size).sum() == 5);
            assertThat(batches).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(2));
            assertThat(batches.stream().flatMap(List::stream)).containsExactly(1, 2, 3, 4, 5);
        }
    }

    @Test
    void closingWritesWhatIsQueued() throws InterruptedException {
        BackgroundBatches<Integer> work = new BackgroundBatches<>("test", 100, 10, Duration.ofMillis(50),
                batch -> batches.add(List.copyOf(batch)));
        work.add(1);
        work.add(2);

        work.close();

        assertThat(batches.stream().flatMap(List::stream)).containsExactly(1, 2);
    }
}
