package dev.caravan.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.support.TransactionTemplate;

import dev.caravan.envelope.EnvelopeSealer;
import dev.caravan.mqtt.MqttConnectionPoolService;
import dev.caravan.mqtt.OutboundMessage;

/**
 * What the dispatcher does with a claimed command between the broker and the database when one of them fails. The
 * repository, the broker connection and the notifier are mocks: a database that fails between two statements cannot be
 * had otherwise (the integration tests cover the paths where both work: CommandClaimsIT, CommandLifecycleIT).
 */
class CommandDispatcherTest {

    private final CommandRepository repository = mock(CommandRepository.class);
    private final MqttConnectionPoolService broker = mock(MqttConnectionPoolService.class);
    private final CommandNotifier notifier = mock(CommandNotifier.class);
    private final EnvelopeSealer sealer = mock(EnvelopeSealer.class);
    private final CommandDispatcher dispatcher = new CommandDispatcher(repository, broker, notifier,
            new CommandProperties(Duration.ofSeconds(10), Duration.ofHours(1), 0, Duration.ofSeconds(1),
                    Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(2), 2),
            new ObjectMapper(), mock(TransactionTemplate.class), sealer);
    private final Command claimed = new Command("c1", 1, "dev-1", "RELOAD", null, CommandState.PENDING, 10_000,
            Instant.now().plusSeconds(3600), 0, 1, null, null, null, null, Instant.now(), null, null, List.of());

    @AfterEach
    void stop() {
        dispatcher.close();
    }

    @Test
    void aCommandTheBrokerAcknowledgedCountsAsSentWhenItsSentRecordFails() {
        when(sealer.seal(anyString(), anyString(), any())).thenAnswer(call -> call.getArgument(2));
        when(broker.publish(any(OutboundMessage.class))).thenReturn(CompletableFuture.completedFuture(null));
        when(repository.markSent(eq(claimed), anyString()))
                .thenThrow(new DataAccessResourceFailureException("connection refused"));

        boolean sent = dispatcher.send(claimed);

        // it is out: the request that created it must not fail, and the claim stays (the answer records the SENT,
        // or the claim runs out and it is sent once more)
        assertThat(sent).isTrue();
        verify(repository, never()).releaseClaim(any());
        verify(notifier, never()).changed(any());
    }

    @Test
    void aCommandTheBrokerDidNotAcknowledgeGivesItsClaimUp() {
        when(sealer.seal(anyString(), anyString(), any())).thenAnswer(call -> call.getArgument(2));
        when(broker.publish(any(OutboundMessage.class)))
                .thenReturn(CompletableFuture.failedFuture(new IllegalStateException("not connected")));

        boolean sent = dispatcher.send(claimed);

        assertThat(sent).isFalse();
        verify(repository).releaseClaim(claimed);
        verify(repository, never()).markSent(any(), anyString());
    }

    @Test
    void aFailedPublishWhoseClaimCannotBeGivenUpLeavesItToRunOut() {
        when(sealer.seal(anyString(), anyString(), any())).thenAnswer(call -> call.getArgument(2));
        when(broker.publish(any(OutboundMessage.class)))
                .thenReturn(CompletableFuture.failedFuture(new IllegalStateException("not connected")));
        doThrow(new DataAccessResourceFailureException("connection refused"))
                .when(repository).releaseClaim(claimed);

        assertThat(dispatcher.send(claimed)).isFalse();
    }

    @Test
    void aSentRecordAnAnswerMadeFirstIsNotAnnouncedTwice() {
        when(sealer.seal(anyString(), anyString(), any())).thenAnswer(call -> call.getArgument(2));
        when(broker.publish(any(OutboundMessage.class))).thenReturn(CompletableFuture.completedFuture(null));
        when(repository.markSent(eq(claimed), anyString())).thenReturn(Optional.empty());

        assertThat(dispatcher.send(claimed)).isTrue();
        verify(notifier, never()).changed(any());
    }
}
