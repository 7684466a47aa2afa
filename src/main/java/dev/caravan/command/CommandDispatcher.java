package dev.caravan.command;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

import dev.caravan.mqtt.DeviceTopic;
import dev.caravan.mqtt.MqttConnectionPoolService;
import dev.caravan.mqtt.OutboundMessage;
import dev.caravan.mqtt.TopicKind;
import dev.caravan.registry.Device;
import dev.caravan.registry.DeviceRegistry;
import dev.caravan.registry.DeviceState;
import dev.caravan.runtime.InstanceId;
import dev.caravan.status.DeviceStateChanged;
import dev.caravan.support.NotFoundException;

/**
 * Sends a device's due commands when it can be reached: at once for an online device, when it comes online
 * otherwise. One device's commands go one at a time, in creation order, each after the broker acknowledged the
 * previous one. A command is claimed in PostgreSQL before it is published, so that two hubs never send it both.
 * Devices that speak HTTP are not sent to: they fetch their commands (dev.caravan.api.IngestApi).
 */
@Component
public class CommandDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommandDispatcher.class);
    private static final int BATCH = 50;

    private final CommandRepository repository;
    private final DeviceRegistry registry;
    private final MqttConnectionPoolService pool;
    private final CommandNotifier notifier;
    private final CommandProperties properties;
    private final ObjectMapper mapper;
    private final TransactionTemplate tx;
    private final String claimer;
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers;

    public CommandDispatcher(CommandRepository repository, DeviceRegistry registry, MqttConnectionPoolService pool,
                             CommandNotifier notifier, CommandProperties properties, ObjectMapper mapper,
                             InstanceId instanceId, TransactionTemplate tx) {
        this.tx = tx;
        this.repository = repository;
        this.registry = registry;
        this.pool = pool;
        this.notifier = notifier;
        this.properties = properties;
        this.mapper = mapper;
        this.claimer = instanceId.value();
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "command-dispatch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Sends the device's due commands soon, on a dispatch thread; repeated calls for one device coalesce. */
    public void dispatchSoon(String deviceId) {
        if (queued.add(deviceId)) {
            workers.execute(() -> {
                queued.remove(deviceId);
                try {
                    dispatch(deviceId);
                } catch (RuntimeException e) {
                    LOG.warn("Dispatching commands of {} failed ({}); the sweep will try again", deviceId,
                            e.getMessage());
                }
            });
        }
    }

    @EventListener
    public void onDeviceStateChanged(DeviceStateChanged change) {
        if (change.to() == DeviceState.ONLINE) {
            dispatchSoon(change.deviceId());
        }
    }

    void dispatch(String deviceId) {
        Optional<Device> device = findDevice(deviceId);
        if (device.isEmpty() || device.get().status() != DeviceState.ONLINE
                || "http".equals(device.get().protocol())) {
            return;
        }
        List<Command> claimed;
        do {
            claimed = repository.claimDue(deviceId, claimer, properties.claimLease(), BATCH);
            for (int i = 0; i < claimed.size(); i++) {
                if (!send(claimed.get(i))) {
                    claimed.subList(i + 1, claimed.size()).forEach(c -> repository.release(c.commandId(), claimer));
                    return;
                }
            }
        } while (claimed.size() == BATCH);
    }

    /** Publishes one claimed command and marks it SENT once the broker acknowledged it. */
    private boolean send(Command command) {
        try {
            pool.publish(new OutboundMessage(DeviceTopic.of(command.deviceId(), TopicKind.COMMAND), payload(command),
                    1, false, Duration.between(Instant.now(), command.expiresAt())))
                    .get(properties.claimLease().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            repository.release(command.commandId(), claimer);
            LOG.warn("Command {} to {} not sent ({}); it stays PENDING", command.commandId(), command.deviceId(),
                    e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            return false;
        }
        markSent(command, "published on " + DeviceTopic.of(command.deviceId(), TopicKind.COMMAND));
        return true;
    }

    /**
     * Hands the device's next due command to a device that fetches its commands over HTTP: it counts as SENT once
     * it is in the answer. Empty when nothing is due.
     */
    public Optional<Command> fetchNext(String deviceId) {
        List<Command> claimed = repository.claimDue(deviceId, claimer, properties.claimLease(), 1);
        return claimed.isEmpty() ? Optional.empty() : markSent(claimed.get(0), "fetched over HTTP");
    }

    /**
     * PENDING → SENT with its transition, in one transaction, so that a response applied meanwhile finds either
     * both or neither. Empty when the device answered first: then the response has completed the command already.
     */
    private Optional<Command> markSent(Command command, String how) {
        Optional<Command> sent = tx.execute(t -> {
            Optional<Command> marked = repository.markSent(command.commandId(), claimer);
            marked.ifPresent(c -> repository.transition(c.commandId(), CommandState.SENT, detail(how, c)));
            return marked;
        });
        sent.ifPresent(c -> notifier.changed(new CommandStateChanged(c.commandId(), c.deviceId(), c.type(),
                CommandState.PENDING, CommandState.SENT, Instant.now(), detail(how, c))));
        return sent;
    }

    private static String detail(String how, Command c) {
        return how + " (attempt " + c.attempts() + ")";
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

    private Optional<Device> findDevice(String deviceId) {
        try {
            return Optional.of(registry.get(deviceId));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
