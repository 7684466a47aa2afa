package dev.caravan.command;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
            List<Command> timedOut = repository.timeOutOverdue();
            timedOut.forEach(c -> repository.transition(c.commandId(), CommandState.TIMED_OUT,
                    "no response within " + c.timeoutMs() + " ms"));
            return timedOut;
        });
        for (Command command : overdue) {
            Instant now = Instant.now();
            notifier.changed(new CommandStateChanged(command.commandId(), command.deviceId(), command.type(),
                    CommandState.SENT, CommandState.TIMED_OUT, now, "no response within " + command.timeoutMs()
                    + " ms"));
            if (command.attempts() <= command.retries()) {
                Duration backoff = properties.backoff(command.attempts());
                String detail = "retry " + command.attempts() + " of " + command.retries() + " in "
                        + backoff.toMillis() + " ms";
                boolean scheduled = Boolean.TRUE.equals(tx.execute(t -> {
                    boolean ok = repository.scheduleRetry(command.commandId(), backoff);
                    if (ok) {
                        repository.transition(command.commandId(), CommandState.PENDING, detail);
                    }
                    return ok;
                }));
                if (scheduled) {
                    notifier.changed(new CommandStateChanged(command.commandId(), command.deviceId(),
                            command.type(), CommandState.TIMED_OUT, CommandState.PENDING, Instant.now(), detail));
                }
            }
        }
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
