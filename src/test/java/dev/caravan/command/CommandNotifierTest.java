package dev.caravan.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class CommandNotifierTest {

    private static CommandStateChanged change(String commandId, CommandState from, CommandState to) {
        return new CommandStateChanged(commandId, "dev-1", "PING", from, to, Instant.now(), "test");
    }

    @Test
    void aCommandChangedSeveralTimesInABatchIsIndexedOnceInItsLatestState() {
        List<CommandStateChanged> batch = List.of(change("c1", null, CommandState.PENDING),
                change("c1", CommandState.PENDING, CommandState.SENT),
                change("c1", CommandState.SENT, CommandState.SUCCEEDED));

        assertThat(CommandNotifier.latest(batch)).extracting(CommandStateChanged::to)
                .containsExactly(CommandState.SUCCEEDED);
    }

    @Test
    void aSentWhoseNoticeCameAfterTheOutcomeDoesNotReplaceIt() {
        List<CommandStateChanged> batch = List.of(change("c1", CommandState.SENT, CommandState.SUCCEEDED),
                change("c1", CommandState.PENDING, CommandState.SENT));

        assertThat(CommandNotifier.latest(batch)).extracting(CommandStateChanged::to)
                .containsExactly(CommandState.SUCCEEDED);
    }

    @Test
    void differentCommandsKeepTheOrderInWhichTheyFirstChanged() {
        List<CommandStateChanged> batch = List.of(change("c2", null, CommandState.PENDING),
                change("c1", null, CommandState.PENDING), change("c2", CommandState.PENDING, CommandState.SENT));

        assertThat(CommandNotifier.latest(batch)).extracting(CommandStateChanged::commandId, CommandStateChanged::to)
                .containsExactly(tuple("c2", CommandState.SENT),
                        tuple("c1", CommandState.PENDING));
    }
}
