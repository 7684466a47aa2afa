package dev.caravan.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What runs after a wait runs out runs on the hub's own threads, not on the JDK's single CompletableFuture delay
 * thread, which every timeout of the JVM shares (the repository is a mock: only the threads are under test here).
 */
class WaitTimeoutsTest {

    private final WaitTimeouts timeouts = new WaitTimeouts();
    private final CommandRepository repository = mock(CommandRepository.class);

    @AfterEach
    void stop() {
        timeouts.close();
    }

    @Test
    void aRequestOutOfPatienceReadsTheCommandOnAThreadOfItsOwn() throws Exception {
        AtomicReference<String> readOn = new AtomicReference<>();
        when(repository.find("c1")).thenAnswer(call -> {
            readOn.set(Thread.currentThread().getName());
            return Optional.empty();
        });

        CompletableFuture<Command> outcome = new CommandWaiters(repository, timeouts)
                .awaitNew("c1", Duration.ofMillis(10));

        assertThat(outcome.get(5, TimeUnit.SECONDS)).isNull();
        assertThat(readOn.get()).startsWith("wait-timeout-");
    }

    @Test
    void aSettledCommandIsHandedToItsWaiterWithoutReadingItAgain() throws Exception {
        CommandWaiters waiters = new CommandWaiters(repository, timeouts);
        CompletableFuture<Command> outcome = waiters.awaitNew("c1", Duration.ofSeconds(30));
        Command settled = new Command("c1", 1, "dev-1", "PING", null, CommandState.SUCCEEDED, 1000, null, 0, 1, null,
                null, null, null, null, null, null, List.of());

        waiters.settled(settled);

        assertThat(outcome.get(5, TimeUnit.SECONDS)).isSameAs(settled);
        verify(repository, never()).find("c1");
    }

    @Test
    void aLongPollWhoseWaitRunsOutGoesOnOnAThreadOfItsOwn() throws Exception {
        String goesOnOn = new CommandPollers(timeouts).await("dev-1", Duration.ofMillis(10))
                .thenApply(woken -> Thread.currentThread().getName())
                .get(5, TimeUnit.SECONDS);

        assertThat(goesOnOn).startsWith("wait-timeout-");
    }
}
