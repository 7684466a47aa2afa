package dev.caravan.component.modbus.poll;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.caravan.component.modbus.connection.Failures;
import dev.caravan.component.modbus.connection.ModbusConnection;
import dev.caravan.component.modbus.connection.ModbusRequests;
import dev.caravan.component.modbus.map.ChangeFilter;
import dev.caravan.component.modbus.map.Point;
import dev.caravan.component.modbus.map.PointCodec;
import dev.caravan.component.modbus.map.PollGroup;
import dev.caravan.component.modbus.map.RawBlock;
import dev.caravan.component.modbus.map.ReadBlock;
import dev.caravan.component.modbus.map.ReadPlanner;
import dev.caravan.component.modbus.map.RegisterMap;

/**
 * Polls one device by its register map: each poll group on its own interval, its points merged into as few reads
 * as the protocol allows. Values go to the listener as telemetry (all of them, or what changed beyond its deadband);
 * the device's health as status changes; Modbus exceptions as events, once when they start and once when they end.
 */
public final class DevicePoller {

    private static final Logger LOG = LoggerFactory.getLogger(DevicePoller.class);

    private final String deviceId;
    private final int unitId;
    private final RegisterMap map;
    private final ModbusConnection connection;
    private final ScheduledExecutorService scheduler;
    private final Executor emitter;
    private final PollListener listener;
    private final PollStats stats;
    private final DeviceHealth health;
    private final long statusInterval;
    private volatile long lastStatus;
    private final ChangeFilter changes = new ChangeFilter();
    private final Map<String, Point> pointsByName = new LinkedHashMap<>();
    /** the exception code each read block last got, so that an exception is reported once, not at every poll */
    private final Map<ReadBlock, String> blockExceptions = new ConcurrentHashMap<>();
    private final List<GroupLoop> loops = new ArrayList<>();

    public DevicePoller(String deviceId, int unitId, RegisterMap map, ModbusConnection connection,
                        ScheduledExecutorService scheduler, Executor emitter, PollSettings settings,
                        PollStats stats, PollListener listener) {
        this.deviceId = deviceId;
        this.unitId = unitId;
        this.map = map;
        this.connection = connection;
        this.scheduler = scheduler;
        this.emitter = emitter;
        this.listener = listener;
        this.stats = stats;
        this.health = new DeviceHealth(settings);
        this.statusInterval = settings.statusInterval().toNanos();
        map.points().forEach(p -> pointsByName.put(p.name(), p));
    }

    public synchronized void start() {
        long origin = System.nanoTime();
        map.pointsByGroup().forEach((group, points) -> {
            GroupLoop loop = new GroupLoop(group, ReadPlanner.plan(points, map.maxGap()), origin);
            loops.add(loop);
            loop.start();
        });
    }

    public synchronized void stop() {
        loops.forEach(GroupLoop::cancel);
        loops.clear();
    }

    /**
     * One group's schedule: ticks at origin + k × interval, absolute deadlines, so that a slow poll or a late
     * thread never shifts the ticks after it (no drift). The next tick is scheduled when the poll is done: a poll
     * that outlasts its interval makes the group skip the ticks it overran (counted), and never starts a second
     * poll of the group beside it.
     */
    private final class GroupLoop implements Runnable {

        private final PollGroup group;
        private final List<ReadBlock> blocks;
        private final long origin;
        private final long interval;
        private long tick;
        private long deadline;
        private boolean cancelled;
        private ScheduledFuture<?> next;

        GroupLoop(PollGroup group, List<ReadBlock> blocks, long origin) {
            this.group = group;
            this.blocks = blocks;
            this.origin = origin;
            this.interval = group.interval().toNanos();
        }

        /** Schedules the first grid point after the current tick that is not already past. */
        synchronized void scheduleNext() {
            if (cancelled) {
                return;
            }
            long now = System.nanoTime();
            long due = Math.max(tick + 1, (now - origin) / interval + 1);
            if (due > tick + 1) {
                stats.skipped(due - tick - 1);
            }
            tick = due;
            deadline = origin + tick * interval;
            next = scheduler.schedule(this, deadline - now, TimeUnit.NANOSECONDS);
        }

        synchronized void start() {
            deadline = origin;
            next = scheduler.schedule(this, 0, TimeUnit.NANOSECONDS);
        }

        synchronized void cancel() {
            cancelled = true;
            if (next != null) {
                next.cancel(false);
            }
        }

        @Override
        public void run() {
            long now = System.nanoTime();
            if (!health.mayPoll(now)) {
                scheduleNext();
                return;
            }
            long due;
            synchronized (this) {
                due = deadline;
            }
            stats.pollStarted(now - due);
            try {
                poll(this);
            } catch (RuntimeException e) {
                LOG.warn("device {}: poll of group {} not sent: {}", deviceId, group.name(), e.toString());
                scheduleNext();
            }
        }
    }

    /**
     * Reads the group's blocks one after the other. A Modbus exception on one block does not stop the others; a
     * device that does not answer does: the remaining blocks would only wait out their timeouts too.
     */
    private void poll(GroupLoop loop) {
        long timestamp = System.currentTimeMillis();
        Map<String, Object> values = new LinkedHashMap<>();
        readFrom(loop, 0, values).handleAsync((failure, e) -> {
            try {
                completed(loop, failure != null ? failure : e, values, timestamp);
            } catch (RuntimeException problem) {
                LOG.warn("device {}: poll of group {} failed: {}", deviceId, loop.group.name(), problem.toString());
            } finally {
                loop.scheduleNext();
            }
            return null;
        }, emitter);
    }

    /** Reads blocks from {@code index} on into {@code values}; completes with the device failure, if any. */
    private CompletableFuture<Throwable> readFrom(GroupLoop loop, int index, Map<String, Object> values) {
        if (index == loop.blocks.size()) {
            return CompletableFuture.completedFuture(null);
        }
        ReadBlock block = loop.blocks.get(index);
        return connection.send(unitId, ModbusRequests.read(block.table(), block.start(), block.count()))
                .toCompletableFuture()
                .handle((response, e) -> {
                    stats.read(e == null);
                    if (e == null) {
                        RawBlock raw = new RawBlock(block.table(), block.start(), ModbusRequests.data(response));
                        block.points().forEach(p -> PointCodec.decode(p, raw, values));
                        exceptionEnded(block);
                        return null;
                    }
                    Throwable failure = Failures.unwrap(e);
                    if (Failures.deviceAnswered(failure)) {
                        exceptionStarted(block, failure);
                        return null;
                    }
                    return failure;
                })
                .thenCompose(failure -> failure != null ? CompletableFuture.completedFuture(failure)
                        : readFrom(loop, index + 1, values));
    }

    private void completed(GroupLoop loop, Throwable deviceFailure, Map<String, Object> values, long timestamp) {
        if (deviceFailure != null) {
            failed(deviceFailure);
            return;
        }
        long now = System.nanoTime();
        if (health.succeeded() == DeviceHealth.Change.ONLINE) {
            LOG.info("device {} is online ({}:{} unit {})", deviceId, connection.settings().host(),
                    connection.settings().port(), unitId);
            changes.reset();
            lastStatus = now;
            listener.status(true, "answers");
        } else if (now - lastStatus >= statusInterval) {
            lastStatus = now;
            listener.status(true, "still answers");
        }
        Map<String, Object> report = changes.select(loop.group, pointsByName, values);
        if (!report.isEmpty()) {
            listener.telemetry(report, timestamp);
        }
    }

    private void failed(Throwable failure) {
        if (health.failed(System.nanoTime()) == DeviceHealth.Change.OFFLINE) {
            String reason = Failures.message(failure);
            // logged once per transition: the poller backs off and keeps quiet while the device stays away
            LOG.warn("device {} is offline ({}:{} unit {}): {}; probing with back-off", deviceId,
                    connection.settings().host(), connection.settings().port(), unitId, reason);
            listener.status(false, reason);
        }
    }

    private void exceptionStarted(ReadBlock block, Throwable failure) {
        stats.deviceException();
        String code = Failures.code(failure);
        if (Objects.equals(blockExceptions.put(block, code), code)) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("code", code);
        data.put("table", block.table().yamlName());
        data.put("address", block.start());
        data.put("count", block.count());
        data.put("points", block.points().stream().map(Point::name).toList());
        listener.event("modbus.exception", "warning", Failures.message(failure) + " reading " + block.count() + " "
                + block.table().yamlName() + " from " + block.start(), data);
    }

    private void exceptionEnded(ReadBlock block) {
        String code = blockExceptions.remove(block);
        if (code != null) {
            listener.event("modbus.exception.cleared", "info", "reading " + block.table().yamlName() + " from "
                    + block.start() + " works again", Map.of("code", code, "address", block.start()));
        }
    }
}
