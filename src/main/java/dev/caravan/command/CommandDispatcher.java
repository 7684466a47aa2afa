package dev.caravan.command;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.caravan.envelope.EnvelopeSealer;
import dev.caravan.mqtt.DeviceTopic;
import dev.caravan.mqtt.MqttConnectionPoolService;
import dev.caravan.mqtt.OutboundMessage;
import dev.caravan.mqtt.TopicKind;
import dev.caravan.registry.DeviceState;
import dev.caravan.status.DeviceStateChanged;

/**
 * Sends a device's due commands when it can be reached: at once for an online device, when it comes online
 * otherwise. One device's commands go one at a time, in creation order, each after the broker acknowledged the
 * previous one. A command is claimed in PostgreSQL before it is published (committed, so that no other sender takes
 * it, and an answer that comes back at once finds it) and marked SENT after the broker's acknowledgement; no lock is
 * held across the publish. A new command for an online device with nothing ahead of it, in a request that waits for
 * its outcome at least {@code publish-timeout}, is claimed by its creation and sent on the request's own thread
 * ({@link #acquire}); the rest on dispatch threads.
 * Devices that speak HTTP are not sent to: they fetch their commands (dev.caravan.api.IngestApi).
 */
@Component
public class CommandDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommandDispatcher.class);

    private final CommandRepository repository;
    private final MqttConnectionPoolService pool;
    private final CommandNotifier notifier;
    private final CommandProperties properties;
    private final ObjectMapper mapper;
    private final TransactionTemplate tx;
    private final EnvelopeSealer sealer;
    /** Devices being served: true when asked again while being served. */
    private final ConcurrentHashMap<String, Boolean> serving = new ConcurrentHashMap<>();
    private final ExecutorService workers;

    public CommandDispatcher(CommandRepository repository, MqttConnectionPoolService pool,
                             CommandNotifier notifier, CommandProperties properties, ObjectMapper mapper,
                             TransactionTemplate tx, EnvelopeSealer sealer) {
        this.tx = tx;
        this.sealer = sealer;
        this.repository = repository;
        this.pool = pool;
        this.notifier = notifier;
        this.properties = properties;
        this.mapper = mapper;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(properties.dispatchThreads(), r -> {
            Thread t = new Thread(r, "command-dispatch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Sends the device's due commands soon, on a dispatch thread. One device is served by one thread at a time, so
     * that its commands leave in creation order; a call while it is being served makes it look again afterwards.
     */
    public void dispatchSoon(String deviceId) {
        boolean[] start = {false};
        serving.compute(deviceId, (id, again) -> {
            if (again == null) {
                start[0] = true;
                return Boolean.FALSE;
            }
            return Boolean.TRUE;
        });
        if (start[0]) {
            workers.execute(() -> serve(deviceId));
        }
    }

    /**
     * Serves the device on the caller's thread, if no thread serves it now: the caller may then send a command it
     * claimed ({@link #send}) and must {@link #release} the device. False when another thread serves it.
     */
    public boolean acquire(String deviceId) {
        return serving.putIfAbsent(deviceId, Boolean.FALSE) == null;
    }

    /**
     * Ends the caller's turn at the device; a dispatch thread takes over if the caller asks ({@code lookAgain}:
     * commands are due that the caller did not send) or someone else asked meanwhile.
     */
    public void release(String deviceId, boolean lookAgain) {
        if (lookAgain || !serving.remove(deviceId, Boolean.FALSE)) {
            workers.execute(() -> serve(deviceId));
        }
    }

    private void serve(String deviceId) {
        do {
            serving.put(deviceId, Boolean.FALSE);
            try {
                dispatch(deviceId);
            } catch (RuntimeException e) {
                LOG.warn("Dispatching commands of {} failed ({}); the sweep will try again", deviceId,
                        e.getMessage());
            }
            // done unless someone asked again meanwhile (atomic with dispatchSoon's compute)
        } while (!serving.remove(deviceId, Boolean.FALSE));
    }

    /** How long a claim keeps other senders away: the publish may take its whole timeout. */
    Duration claimLease() {
        return properties.publishTimeout().multipliedBy(2);
    }

    @EventListener
    public void onDeviceStateChanged(DeviceStateChanged change) {
        if (change.to() == DeviceState.ONLINE) {
            dispatchSoon(change.deviceId());
        }
    }

    void dispatch(String deviceId) {
        while (sendNext(deviceId)) {
            // one at a time, oldest first, each after the broker acknowledged the previous one
        }
    }

    /**
     * Claims the device's next due command and sends it. True when another command of the device is due after it;
     * false when nothing more is due, the device is not online (or fetches its commands over HTTP), or the publish
     * failed (the command stays PENDING; the sweep tries again). A command created meanwhile is not missed: its
     * {@link #dispatchSoon} makes {@link #serve} look again.
     */
    private boolean sendNext(String deviceId) {
        Optional<CommandRepository.Due> due = repository.claimNextDue(deviceId, true, claimLease());
        if (due.isEmpty() || !send(due.get().command())) {
            return false;
        }
        return due.get().more();
    }

    /**
     * Publishes a command claimed by this hub, at QoS 1, waits for the broker's acknowledgement and marks it SENT;
     * gives the claim up if the broker did not acknowledge it. Called by the thread that serves the device.
     *
     * @return whether the broker acknowledged it
     */
    public boolean send(Command claimed) {
        try {
            publish(claimed);
        } catch (NotPublished e) {
            LOG.warn("Command {} to {} not sent ({}); it stays PENDING", claimed.commandId(), claimed.deviceId(),
                    e.getMessage());
            try {
                repository.releaseClaim(claimed);
            } catch (RuntimeException dbDown) {
                LOG.warn("Claim of command {} not given up ({}); it is sent once it runs out", claimed.commandId(),
                        dbDown.getMessage());
            }
            return false;
        }
        String how = publishedHow(claimed.deviceId());
        try {
            // empty when the answer came first and recorded the SENT itself, or the command was cancelled meanwhile
            repository.markSent(claimed, how).ifPresent(sent -> notifySent(sent, how));
        } catch (RuntimeException dbDown) {
            // it is out: the caller's request must not fail for its record; the answer records the SENT, or the claim
            // runs out and it is sent once more
            LOG.warn("Command {} to {} published, SENT not recorded ({})", claimed.commandId(), claimed.deviceId(),
                    dbDown.getMessage());
        }
        return true;
    }

    /** How a SENT over MQTT is described in the command's history. */
    public static String publishedHow(String deviceId) {
        return "published on " + DeviceTopic.of(deviceId, TopicKind.COMMAND);
    }

    private void publish(Command command) {
        try {
            String topic = DeviceTopic.of(command.deviceId(), TopicKind.COMMAND);
            pool.publish(new OutboundMessage(topic, sealer.seal(command.deviceId(), topic, payload(command)),
                    1, false, Duration.between(Instant.now(), command.expiresAt())))
                    .get(properties.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotPublished("interrupted");
        } catch (Exception e) {
            throw new NotPublished(e.getCause() != null ? e.getCause().getMessage()
                    : e.toString());
        }
    }

    /**
     * Hands the device's next due command to a device that fetches its commands over HTTP: it counts as SENT once
     * it is in the answer. Empty when nothing is due.
     */
    public Optional<Command> fetchNext(String deviceId) {
        String how = "fetched over HTTP";
        Optional<Command> sent = tx.execute(t -> repository.claimNextDue(deviceId, false, claimLease())
                .map(due -> markSent(due.command(), how)));
        sent.ifPresent(c -> notifySent(c, how));
        return sent;
    }

    /** PENDING → SENT with its transition "{how} (attempt n)", in the caller's transaction. */
    private Command markSent(Command claimed, String how) {
        return repository.markSent(claimed, how).orElseThrow(() ->
                new IllegalStateException("command " + claimed.commandId() + " changed while claimed"));
    }

    /** Tells everyone about a SENT: "{how} (attempt n)", as in the command's history. */
    void notifySent(Command c, String how) {
        notifier.changed(new CommandStateChanged(c.commandId(), c.deviceId(), c.type(), CommandState.PENDING,
                CommandState.SENT, Instant.now(), detail(how, c)));
    }

    private static String detail(String how, Command c) {
        return how + " (attempt " + c.attempts() + ")";
    }

    /** A publish the broker did not acknowledge. */
    private static final class NotPublished extends RuntimeException {
        NotPublished(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The canonical command payload: {@code {"type","commandId","params","expiresAt"}}. */
    public byte[] payload(Command command) {
        ObjectNode payload = mapper.createObjectNode()
                .put("type", command.type())
                .put("commandId", command.commandId());
        payload.set("params", command.params() == null ? mapper.createObjectNode() : command.params());
        payload.put("expiresAt", command.expiresAt().toString());
        return payload.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
