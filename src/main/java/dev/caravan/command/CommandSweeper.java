package dev.caravan.command;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.caravan.deadletter.DeadLetter;
import dev.caravan.deadletter.DeadLetterReason;
import dev.caravan.deadletter.DeadLetterStore;
import dev.caravan.mqtt.DeviceTopic;
import dev.caravan.mqtt.TopicKind;
import dev.caravan.support.Json;

/**
 * The clock of the command lifecycle, run by the {@code command-sweep} route: SENT commands past their deadline time
 * out (and go back to PENDING with backoff while retries last), PENDING commands past their time to live expire
 * (into the dead letter store), and devices with due commands are dispatched. Every step is a conditional update, so
 * after a restart, or with several hubs, the sweep simply resumes.
 */
@Component("commandSweeper")
public class CommandSweeper {

    private final CommandRepository repository;
    private final CommandDispatcher dispatcher;
    private final CommandNotifier notifier;
    private final CommandProperties properties;
    private final DeadLetterStore deadLetters;
    private final TransactionTemplate tx;
    private final ObjectMapper mapper;

    public CommandSweeper(CommandRepository repository, CommandDispatcher dispatcher, CommandNotifier notifier,
                          CommandProperties properties, DeadLetterStore deadLetters, TransactionTemplate tx,
                          ObjectMapper mapper) {
        this.repository = repository;
        this.dispatcher = dispatcher;
        this.notifier = notifier;
        this.properties = properties;
        this.deadLetters = deadLetters;
        this.tx = tx;
        this.mapper = mapper;
    }

    public void sweep() {
        timeOut();
        expire();
        repository.devicesWithDueCommands().forEach(dispatcher::dispatchSoon);
    }

    private void timeOut() {
        List<Command> overdue = tx.execute(t -> {
            List<Command> changed = repository.timeOutOverdue(properties.retryBackoff(), properties.maxRetryBackoff());
            for (Command c : changed) {
                repository.transition(c.commandId(), CommandState.TIMED_OUT, timeoutDetail(c));
                if (c.state() == CommandState.PENDING) {
                    repository.transition(c.commandId(), CommandState.PENDING, retryDetail(c));
                }
            }
            return changed;
        });
        for (Command c : overdue) {
            notifier.changed(new CommandStateChanged(c.commandId(), c.deviceId(), c.type(), CommandState.SENT,
                    CommandState.TIMED_OUT, Instant.now(), timeoutDetail(c)));
            if (c.state() == CommandState.PENDING) {
                notifier.changed(new CommandStateChanged(c.commandId(), c.deviceId(), c.type(),
                        CommandState.TIMED_OUT, CommandState.PENDING, Instant.now(), retryDetail(c)));
            }
        }
    }

    private static String timeoutDetail(Command c) {
        return "no response within " + c.timeoutMs() + " ms";
    }

    private static String retryDetail(Command c) {
        return "retry " + c.attempts() + " of " + c.retries() + " at " + c.nextAttemptAt();
    }

    private void expire() {
        List<Command> expired = tx.execute(t -> {
            List<Command> gone = repository.expireOverdue();
            gone.forEach(c -> repository.transition(c.commandId(), CommandState.EXPIRED,
                    "not delivered before " + c.expiresAt()));
            return gone;
        });
        if (expired.isEmpty()) {
            return;
        }
        deadLetters.write(expired.stream().map(this::deadLetter).toList());
        for (Command c : expired) {
            notifier.changed(new CommandStateChanged(c.commandId(), c.deviceId(), c.type(), CommandState.PENDING,
                    CommandState.EXPIRED, Instant.now(), "time to live ran out"));
        }
    }

    private DeadLetter deadLetter(Command c) {
        byte[] payload = Json.write(mapper, c).getBytes(StandardCharsets.UTF_8);
        return new DeadLetter(Instant.now(), "hub", DeviceTopic.of(c.deviceId(), TopicKind.COMMAND), c.deviceId(),
                DeadLetterReason.COMMAND_EXPIRED, "command " + c.commandId() + " (" + c.type() + ") not delivered"
                + " before its time to live ran out at " + c.expiresAt() + "; the device was not reachable",
                payload, payload.length);
    }
}
