package dev.caravan.command;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.caravan.mqtt.CaravanHeaders;
import dev.caravan.registry.DeviceRegistry;
import dev.caravan.status.LastSeenStore;
import dev.caravan.support.ConflictException;
import dev.caravan.support.NotFoundException;

/** Creates, cancels and completes commands; the state machine of DESIGN.md §3. */
@Service
public class CommandService {

    private static final Logger LOG = LoggerFactory.getLogger(CommandService.class);
    private static final long LOG_INTERVAL_MS = 10_000;

    private final CommandRepository repository;
    private final DeviceRegistry registry;
    private final CommandProperties properties;
    private final CommandNotifier notifier;
    private final CommandDispatcher dispatcher;
    private final TransactionTemplate tx;
    private final MeterRegistry meters;
    private final LastSeenStore lastSeen;
    private final CommandWaiters waiters;
    private volatile long lastDropLog;

    public CommandService(CommandRepository repository, DeviceRegistry registry, CommandProperties properties,
                          CommandNotifier notifier, CommandDispatcher dispatcher, TransactionTemplate tx,
                          MeterRegistry meters, LastSeenStore lastSeen, CommandWaiters waiters) {
        this.waiters = waiters;
        this.lastSeen = lastSeen;
        this.repository = repository;
        this.registry = registry;
        this.properties = properties;
        this.notifier = notifier;
        this.dispatcher = dispatcher;
        this.tx = tx;
        this.meters = meters;
    }

    /**
     * Stores a new PENDING command and leaves the sending to the dispatch threads, which send it at once if the device
     * is online: the caller does not wait for the broker (a request without {@code wait}, many commands in one
     * request); 404 for an unknown device.
     */
    public Command createForDispatch(String deviceId, CommandRequest request, String groupId) {
        return create(UUID.randomUUID().toString(), deviceId, request, groupId, false);
    }

    /**
     * Stores a new PENDING command, and completes with it once it settled, or as it is when {@code patience} runs
     * out. With {@code sendHere}, a command for an online device with nothing of it ahead is published on the
     * caller's thread (the caller waits for the outcome anyway, and is spared a hand-off), if the caller's patience
     * lasts as long as a publish may take ({@code caravan.commands.publish-timeout}): a stalled broker must not keep
     * it past its deadline. Else as {@link #createForDispatch}.
     */
    public CompletableFuture<Command> createAndAwait(String deviceId, CommandRequest request, String groupId,
                                                     Duration patience, boolean sendHere) {
        String commandId = UUID.randomUUID().toString();
        CompletableFuture<Command> outcome = waiters.awaitNew(commandId, patience);
        try {
            create(commandId, deviceId, request, groupId,
                    sendHere && patience.compareTo(properties.publishTimeout()) >= 0);
        } catch (RuntimeException e) {
            outcome.cancel(false);
            throw e;
        }
        return outcome;
    }

    private Command create(String commandId, String deviceId, CommandRequest request, String groupId,
                           boolean sendHere) {
        CommandRequest valid = request.validated(properties);
        Instant expiresAt = Instant.now().plusMillis(valid.ttlMs());
        // the device's turn on this thread, if no other thread serves it: its commands leave one at a time
        boolean serving = sendHere && dispatcher.acquire(deviceId);
        boolean lookAgain = false;
        CommandRepository.Created created;
        try {
            created = repository.insert(commandId, deviceId, valid, expiresAt, groupId,
                    serving ? dispatcher.claimLease() : null)
                    .orElseThrow(() -> new NotFoundException("no device '" + deviceId + "'"));
            meters.counter("caravan.commands.created").increment();
            notifier.changed(new CommandStateChanged(commandId, deviceId, valid.type(), null, CommandState.PENDING,
                    created.command().createdAt(), "created"));
            if (created.claimed()) {
                dispatcher.send(created.command());
            }
            lookAgain = created.lookAgain();
        } finally {
            if (serving) {
                dispatcher.release(deviceId, lookAgain);
            }
        }
        if (!serving) {
            dispatcher.dispatchSoon(deviceId);
        }
        return created.command();
    }

    public Command get(String commandId) {
        return repository.find(commandId).orElseThrow(() -> new NotFoundException("no command '" + commandId + "'"));
    }

    public List<Command> list(String deviceId, CommandState state, int limit) {
        registry.get(deviceId);
        return repository.list(deviceId, state, limit);
    }

    /** Cancels a command that is not done; 409 for one that is. */
    public Command cancel(String commandId) {
        Command command = get(commandId);
        Optional<CommandState> previous = tx.execute(t -> {
            Optional<CommandState> p = repository.cancel(commandId);
            p.ifPresent(s -> repository.transition(commandId, CommandState.CANCELLED, "cancelled by request"));
            return p;
        });
        if (previous.isEmpty()) {
            throw new ConflictException("command '" + commandId + "' is " + get(commandId).state()
                    + " and can no longer be cancelled");
        }
        notifier.changed(new CommandStateChanged(commandId, command.deviceId(), command.type(), previous.get(),
                CommandState.CANCELLED, Instant.now(), "cancelled by request"));
        return get(commandId);
    }

    /**
     * A validated {@code device/{id}/response}: matched to its command by {@code commandId}. A response to an
     * unknown command, from another device than the command's, or to a command that is settled already (a QoS 1
     * duplicate) is counted and dropped, never applied twice.
     */
    public void onResponse(@Header(CaravanHeaders.DEVICE_ID) String deviceId,
                           @Header(CaravanHeaders.RECEIVED_AT) long receivedAtMs, JsonNode response) {
        lastSeen.seen(deviceId, Instant.ofEpochMilli(receivedAtMs));
        String commandId = response.get("commandId").asText();
        boolean success = response.get("success").asBoolean();
        String sentHow = CommandDispatcher.publishedHow(deviceId);
        CommandRepository.Answer answer = repository.complete(commandId, deviceId, success, response.get("result"),
                response.get("error"), detail(response), sentHow);
        if (!answer.applied()) {
            dropped(answer.dropped(), deviceId, commandId);
            return;
        }
        Command done = answer.command();
        meters.counter("caravan.commands.responses", "outcome", "applied").increment();
        // the answer is written by this thread, before anything else is told
        waiters.settled(done);
        if (answer.sendRecorded()) {
            dispatcher.notifySent(done, sentHow);
        }
        notifier.changed(new CommandStateChanged(commandId, deviceId, done.type(), answer.previous(),
                done.state(), Instant.now(), detail(response)));
    }

    private static String detail(JsonNode response) {
        if (response.get("success").asBoolean()) {
            return "device answered: success";
        }
        JsonNode error = response.path("error");
        return "device answered: " + error.path("code").asText() + (error.hasNonNull("message")
                ? " (" + error.get("message").asText() + ")" : "");
    }

    private void dropped(String outcome, String deviceId, String commandId) {
        meters.counter("caravan.commands.responses", "outcome", outcome).increment();
        long now = System.currentTimeMillis();
        if (now - lastDropLog > LOG_INTERVAL_MS) {
            lastDropLog = now;
            LOG.warn("Dropped a response ({}) from {} for command {} (counted in caravan_commands_responses_total)",
                    outcome, deviceId, commandId);
        }
    }
}
