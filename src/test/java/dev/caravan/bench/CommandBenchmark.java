package dev.caravan.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Semaphore;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The command benchmark: the round trip of a command through the hub, next to the same round trip straight over
 * MQTT. Run it with {@code tests/bench/commands.sh [rate] [devices] [seconds]}; docs/benchmarks.md explains the
 * method and the output.
 *
 * <p>One invocation starts the hub (a separate JVM from target/caravan.jar: embedded broker, PostgreSQL and Redis on
 * free ports, ephemeral data, no demo devices), connects K simulated devices that answer every command at once
 * ({@link CommandDevices}), waits until the hub lists them online, and then runs four phases at the same rate
 * (or those named by {@code --only}), each with a short warm-up that is not measured:
 * <ol>
 *   <li>hub: an open-loop generator sends {@code POST /api/devices/{id}/commands} with {@code "wait": true} over
 *       HTTP/1.1 (Java's HttpClient, asynchronous, keep-alive; round robin over the devices); the hub stores the
 *       command, publishes it, matches the device's answer and then answers the request. Latency = HTTP answer −
 *       scheduled send time.</li>
 *   <li>raw: the same generator publishes command-shaped messages straight on {@code device/{id}/command} from a
 *       plain MQTT client that also subscribes to {@code device/+/response} ({@link RawCommander}). Latency =
 *       answer received − scheduled send time.</li>
 *   <li>bridge: the hub phase's requests to {@link BareBridge}, a bridge without storage in the driver's JVM: the
 *       least any HTTP-fronted hub adds to the raw round trip on this machine;</li>
 *   <li>pgbridge: the same bridge storing each command before it publishes it and its outcome before it answers,
 *       in the hub's PostgreSQL: the least a hub that loses nothing adds.</li>
 * </ol>
 * Then it checks in the hub's database that every command of the hub phase SUCCEEDED exactly once, and with the
 * devices that each received every commandId once; it splits the hub's round trip into stages with the command's
 * timestamps (created, sent, completed) and the devices' receipt times. It prints a summary, writes
 * target/bench/commands.json and exits with 1 when a command was lost or delivered twice, 2 on error.
 */
public final class CommandBenchmark {

    private static final long MS = 1_000_000L;

    private final Options options;
    private final Path out = Path.of("target", "bench");
    private final String run = Long.toString(System.currentTimeMillis() / 1000 % 1_000_000, 36);
    private final Map<String, Object> result = new LinkedHashMap<>();
    private final ObjectMapper json = new ObjectMapper();
    private double responsesBaseline;
    private long answersBaseline;

    private CommandBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        int status;
        try {
            status = new CommandBenchmark(options).run();
        } catch (Exception e) {
            System.err.println("benchmark failed: " + e);
            e.printStackTrace();
            status = 2;
        }
        System.exit(status);
    }

    private int run() throws Exception {
        Files.createDirectories(out);
        int k = options.devices;
        List<String> devices = new ArrayList<>();
        for (int d = 0; d < k; d++) {
            devices.add(String.format(Locale.ROOT, "cmd-%s-%04d", run, d));
        }
        result.put("date", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
        result.put("rate", options.rate);
        result.put("devices", k);
        result.put("seconds", options.seconds);
        result.put("warmup_seconds", options.warmupSeconds);
        result.put("warmup_rate", options.warmupRate());
        result.put("commands_per_phase", options.commands());
        result.put("timeout_ms", options.timeoutMs);
        result.put("raw_deadline_ms", options.deadline.toMillis());
        result.put("max_in_flight", options.maxInFlight);
        result.put("driver_tcp_nodelay", options.tcpNoDelay);
        result.put("broker", options.mqttUrl == null ? "embedded HiveMQ CE" : options.mqttUrl);
        result.put("xmx_mb", options.xmxMb);
        result.put("hub_jar", options.jar.toString());
        result.put("hub_args", options.hubArgs);
        result.put("machine", HubUnderTest.machine());

        System.out.printf(Locale.ROOT, "Command benchmark: %d commands/s over %d devices for %d s per phase"
                + " (+ %d s warm-up at %d/s), QoS 1%n", options.rate, k, options.seconds, options.warmupSeconds,
                options.warmupRate());
        try (HubUnderTest hub = new HubUnderTest(new HubProcess(options.jar, out.resolve("hub.log"), options.xmxMb,
                0, options.mqttUrl, options.hubArgs))) {
            hub.start(Duration.ofMinutes(3));
            result.put("hub_start_seconds", round(hub.startSeconds(), 1));
            result.put("postgres", hub.postgres());
            long connecting = System.nanoTime();
            try (CommandDevices simulators = new CommandDevices(hub.process().brokerUrl(), devices,
                    options.tcpNoDelay)) {
                System.out.printf(Locale.ROOT, "%d devices connected in %.1f s; waiting until the hub lists them"
                        + " online%n", k, seconds(connecting, System.nanoTime()));
                awaitOnline(hub.process(), devices, Duration.ofSeconds(60));
                try (RoundTripProbe probe = new RoundTripProbe(hub.process())) {
                    probe.burst(50);
                    result.put("round_trips_idle_ms", probe.burst(300));
                }
                responsesBaseline = hub.process().metricValue("caravan.commands.responses", "COUNT").orElse(0);
                answersBaseline = simulators.answers();
                // The hub phase comes first: the other phases' answers go to device/{id}/response too, so the hub
                // consumes them as well (as unknown responses); run before, they would queue ahead of the hub
                // phase's answers.
                if (options.runs("hub")) {
                    hubPhase(hub, simulators);
                }
                if (options.runs("raw")) {
                    rawPhase(hub, simulators);
                }
                for (String bridge : List.of("bridge", "pgbridge")) {
                    if (options.runs(bridge)) {
                        bridgePhase(hub, simulators, bridge);
                    }
                }
                if (simulators.firstError() != null) {
                    result.put("devices_error", simulators.firstError());
                }
            }
        }
        derive();
        Path file = out.resolve("commands.json");
        Files.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(result) + "\n");
        printSummary(file);
        boolean lostOrRepeated = longValue("raw_lost") > 0 || longValue("hub_lost") > 0
                || longValue("hub_duplicates") > 0 || longValue("raw_duplicates") > 0;
        return lostOrRepeated ? 1 : 0;
    }

    // ---------------------------------------------------------------- raw phase

    private void rawPhase(HubUnderTest hub, CommandDevices simulators) throws Exception {
        List<String> devices = simulators.ids();
        String expiresAt = Instant.now().plus(1, ChronoUnit.HOURS).toString();
        System.out.println();
        System.out.println("Phase 2, raw MQTT: publish device/{id}/command -> device -> device/{id}/response");
        try (RawCommander raw = new RawCommander(hub.process().brokerUrl(), "cmd-" + run + "-raw",
                options.tcpNoDelay)) {
            if (options.warmupSeconds > 0) {
                RoundTrips warmup = new RoundTrips("raw warm-up", options.warmupCommands(), options.warmupRate());
                raw.collect(warmup, "raw-w-" + run + "-");
                warmup.run(i -> raw.send(devices.get(i % devices.size()), i, expiresAt));
                warmup.await(options.deadline.toNanos());
                RoundTrips.Summary w = warmup.summary(options.deadline.toNanos());
                System.out.printf(Locale.ROOT, "  warm-up: %d sent, p50 %.2f ms, p99 %.2f ms, lost %d%n", w.sent(),
                        w.p50Ms(), w.p99Ms(), w.lost());
                Thread.sleep(1000);
            }
            simulators.reset();
            RoundTrips trips = new RoundTrips("raw", options.commands(), options.rate);
            String prefix = "raw-" + run + "-";
            raw.collect(trips, prefix);
            Window window = new Window(hub, "raw");
            try (RoundTripProbe probe = new RoundTripProbe(hub.process())) {
                probe.background(100);
                trips.run(i -> raw.send(devices.get(i % devices.size()), i, expiresAt));
                trips.await(options.deadline.toNanos());
                result.put("round_trips_raw_phase_ms", probe.stop());
            }
            window.close();
            RoundTrips.Summary s = trips.summary(options.deadline.toNanos());
            put("raw", s);
            result.put("raw_duplicates", simulators.duplicates() + s.repeated());
            result.put("raw_device_duplicates", simulators.duplicates());
            result.put("raw_device_distinct", simulators.distinct());
            devicesAfter("raw", simulators);
            result.put("raw_cpu_seconds", window.cpu);
            result.put("raw_hub_thread_cpu_seconds", window.threads);
            result.put("raw_cpu_ms_per_command", window.perCommand(s.sent()));
            result.put("raw_runqueue_wait_ms_per_command", window.waitPerCommand(s.sent()));
            result.put("raw_heap_max_mb", round(window.heap.maxMb, 1));
            if (raw.disconnected() != null) {
                result.put("raw_client_error", raw.disconnected());
            }
            result.put("raw_stages_ms", rawStages(trips, prefix, simulators));
            System.out.printf(Locale.ROOT, "  %s%n", line(s));
        }
    }

    /** Where the raw round trip's time goes: scheduled → at the device, device → answer back at the client. */
    private static Map<String, Object> rawStages(RoundTrips trips, String prefix, CommandDevices simulators) {
        List<Double> toDevice = new ArrayList<>();
        List<Double> back = new ArrayList<>();
        for (int i = 0; i < trips.n; i++) {
            Long device = simulators.receivedAt(prefix + i);
            long answered = trips.answeredAt(i);
            if (device == null || answered == 0) {
                continue;
            }
            toDevice.add((device - trips.scheduled(i)) / 1e6);
            back.add((answered - device) / 1e6);
        }
        Map<String, Object> stages = new LinkedHashMap<>();
        stages.put("scheduled_to_device", stats(toDevice));
        stages.put("device_to_answer", stats(back));
        return stages;
    }

    // ---------------------------------------------------------------- bare bridge phases

    /**
     * The same HTTP requests as the hub phase, to a {@link BareBridge} (HTTP in, MQTT out and back, HTTP answer),
     * without storage (phase "bridge") or with the two committed writes that nothing lost needs, in the hub's
     * PostgreSQL (phase "pgbridge"): what any HTTP-fronted hub would cost on this machine at this rate.
     */
    private void bridgePhase(HubUnderTest hub, CommandDevices simulators, String phase) throws Exception {
        List<String> devices = simulators.ids();
        boolean stored = phase.equals("pgbridge");
        System.out.println();
        System.out.println("Phase " + (stored ? "4, bare bridge with PostgreSQL" : "3, bare bridge")
                + ": POST /api/devices/{id}/commands (wait) -> a bridge in the driver's JVM"
                + (stored ? " (command and outcome stored)" : " (no storage)") + " -> device -> HTTP answer");
        try (BareBridge bridge = new BareBridge(hub.process().brokerUrl(), "cmd-" + run + "-" + phase,
                options.tcpNoDelay, stored ? hub.process().jdbcUrl() : null)) {
            HttpCommands http = new HttpCommands(bridge.base());
            if (options.warmupSeconds > 0) {
                http.warmUp(devices);
                Thread.sleep(1000);
            }
            simulators.reset();
            RoundTrips trips = new RoundTrips(phase, options.commands(), options.rate);
            Window window = new Window(hub, phase);
            http.run(trips, devices, "BENCH");
            window.close();
            RoundTrips.Summary s = trips.summary(http.timeout.toNanos());
            put(phase, s);
            result.put(phase + "_duplicates", simulators.duplicates() + s.repeated());
            devicesAfter(phase, simulators);
            result.put(phase + "_cpu_ms_per_command", window.perCommand(s.sent()));
            result.put(phase + "_runqueue_wait_ms_per_command", window.waitPerCommand(s.sent()));
            System.out.printf(Locale.ROOT, "  %s%n", line(s));
            if (stored) {
                long rows = bridgeRowsSucceeded(hub, "cmd-" + run + "-" + phase + "-");
                result.put("pgbridge_rows_succeeded", rows);
                System.out.printf(Locale.ROOT, "  %,d commands stored as SUCCEEDED (warm-up included)%n", rows);
            }
        }
    }

    /** How many of the bridge's commands are stored as SUCCEEDED: that it really wrote them. */
    private static long bridgeRowsSucceeded(HubUnderTest hub, String idPrefix) throws SQLException {
        try (PreparedStatement st = hub.db().prepareStatement("select count(*) from " + BareBridge.TABLE
                + " where command_id like ? and state = 'SUCCEEDED' and completed_at is not null")) {
            st.setString(1, idPrefix + "%");
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    // ---------------------------------------------------------------- hub phase

    private void hubPhase(HubUnderTest hub, CommandDevices simulators) throws Exception {
        List<String> devices = simulators.ids();
        System.out.println();
        System.out.println("Phase 1, hub: POST /api/devices/{id}/commands (wait) -> hub -> device -> hub"
                + " -> HTTP answer");
        HttpCommands http = new HttpCommands("http://localhost:" + hub.process().apiPort + "/api/devices/");
        if (options.warmupSeconds > 0) {
            http.warmUp(devices);
            if (options.settleSeconds > 0) {
                result.put("hub_settle", http.settle(devices, hub));
            }
            result.put("hub_warmup_drain_seconds", drain(hub, simulators, "warm-up"));
            Thread.sleep(1000);
        }

        simulators.reset();
        http.concurrentMax.set(0);
        Map<String, Double> before = hubCounters(hub.process());
        Map<String, Double> samplesBefore = hub.process().prometheusSamples();
        RoundTrips trips = new RoundTrips("hub", options.commands(), options.rate);
        Window window = new Window(hub, "hub");
        long wallBaseMicros = epochMicros(Instant.now());
        long nanoBase = System.nanoTime();
        window.dumpDuring(options.dumps, options.seconds, out);
        try (RoundTripProbe probe = new RoundTripProbe(hub.process())) {
            probe.background(100);
            http.run(trips, devices, "BENCH");
            result.put("round_trips_hub_phase_ms", probe.stop());
        }
        window.close();
        RoundTrips.Summary s = trips.summary(http.timeout.toNanos());
        put("hub", s);
        devicesAfter("hub", simulators);
        result.put("hub_in_flight_max", http.concurrentMax.get());
        result.put("hub_cpu_seconds", window.cpu);
        result.put("hub_thread_cpu_seconds", window.threads);
        result.put("hub_cpu_ms_per_command", window.perCommand(s.sent()));
        result.put("hub_runqueue_wait_ms_per_command", window.waitPerCommand(s.sent()));
        result.put("hub_response_consumer_cpu_seconds", window.responseConsumer);
        result.put("heap_max_mb", round(window.heap.maxMb, 1));
        result.put("heap_samples", window.heap.count);
        result.put("gc_pauses", window.gcPauses);
        result.put("gc_pause_seconds", window.gcSeconds);
        System.out.printf(Locale.ROOT, "  %s%n", line(s));

        // the hub's own view
        Map<String, Double> after = hubCounters(hub.process());
        Map<String, Object> counters = new LinkedHashMap<>();
        after.forEach((name, value) -> counters.put(name, Math.round(value - before.getOrDefault(name, 0.0))));
        result.put("hub_counters", counters);
        result.put("hub_internals", internals(samplesBefore, hub.process().prometheusSamples(), trips.n));
        String prometheus = hub.process().get("/actuator/prometheus");
        if (prometheus != null) {
            Files.writeString(out.resolve("commands-hub-metrics.txt"), prometheus);
        }

        result.put("hub_drain_seconds", drain(hub, simulators, "measured phase"));
        verify(hub, simulators, trips, wallBaseMicros, nanoBase);
    }

    /**
     * Waits until the hub has settled every command it was given and handled every answer the devices sent (its
     * caravan.commands.responses counter caught up with them), so that what one step left behind does not delay
     * the next; at most {@code --drain-s}. Returns the seconds it took, or null when it gave up.
     */
    private Double drain(HubUnderTest hub, CommandDevices simulators, String what) throws Exception {
        long start = System.nanoTime();
        long deadline = start + options.drain.toNanos();
        long lastReport = start;
        long unsettled = -1;
        double handled = -1;
        while (true) {
            handled = hub.process().metricValue("caravan.commands.responses", "COUNT").orElse(-1) - responsesBaseline;
            long answers = simulators.answers() - answersBaseline;
            try (PreparedStatement st = hub.db().prepareStatement(
                    "select count(*) from commands where device_id like ? and state in ('PENDING', 'SENT')")) {
                st.setString(1, "cmd-" + run + "-%");
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    unsettled = rs.getLong(1);
                }
            }
            long now = System.nanoTime();
            if (handled >= answers && unsettled == 0) {
                double took = round(seconds(start, now), 1);
                if (took >= 1) {
                    System.out.printf(Locale.ROOT, "  the hub settled the %s's commands %.1f s after the last"
                            + " answer to a request%n", what, took);
                }
                return took;
            }
            if (now > deadline) {
                System.out.printf(Locale.ROOT, "  the hub has still not settled the %s's commands after %d s"
                        + " (%,.0f of %,d answers handled, %,d commands PENDING or SENT): going on%n", what,
                        options.drain.toSeconds(), handled, answers, unsettled);
                return null;
            }
            if (now - lastReport > 10_000_000_000L) {
                lastReport = now;
                System.out.printf(Locale.ROOT, "  settling the %s: %,.0f of %,d answers handled, %,d commands"
                        + " PENDING or SENT%n", what, handled, answers, unsettled);
            }
            Thread.sleep(500);
        }
    }

    /**
     * {@code POST {base}{device}/commands} with {@code "wait": true}, open loop (Java's HttpClient, asynchronous,
     * HTTP/1.1 keep-alive), for the hub and the bare bridge alike. A request counts as answered on a 200 with state
     * SUCCEEDED.
     */
    private final class HttpCommands {
        final HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        final String base;
        final Duration timeout = Duration.ofMillis(options.timeoutMs).plusSeconds(5);
        final Semaphore inFlight = new Semaphore(options.maxInFlight);
        final AtomicInteger concurrent = new AtomicInteger();
        final AtomicInteger concurrentMax = new AtomicInteger();

        static final int SETTLE_CHUNK_S = 10;
        static final double SETTLED_JIT_SHARE = 0.05;

        HttpCommands(String base) {
            this.base = base;
        }

        /** The warm-up: WARMUP commands at the warm-up rate, not measured; prints how it went. */
        void warmUp(List<String> devices) throws InterruptedException {
            RoundTrips warmup = new RoundTrips("warm-up", options.warmupCommands(), options.warmupRate());
            run(warmup, devices, "WARMUP");
            RoundTrips.Summary w = warmup.summary(timeout.toNanos());
            System.out.printf(Locale.ROOT, "  warm-up: %d sent, p50 %.2f ms, p99 %.2f ms, lost %d%n", w.sent(),
                    w.p50Ms(), w.p99Ms(), w.lost());
        }

        /**
         * More warm-up, {@value #SETTLE_CHUNK_S} s at a time at the warm-up rate, until the hub's JIT compilers used
         * less than {@value #SETTLED_JIT_SHARE} of a core in the last chunk, or {@code --settle-s} ran out: the C2
         * compiler can still take a core for seconds at a time minutes into a run, and a window that includes it
         * measures the compiler more than the hub. Prints and returns each chunk's compiler CPU seconds.
         */
        Map<String, Object> settle(List<String> devices, HubUnderTest hub) throws InterruptedException {
            List<Double> jitPerChunk = new ArrayList<>();
            long start = System.nanoTime();
            boolean settled = false;
            while (!settled && System.nanoTime() - start < options.settleSeconds * 1_000_000_000L) {
                Map<String, Double> before = CpuAccounting.threadCpu(hub.cpu().threadDump());
                run(new RoundTrips("settle", options.warmupRate() * SETTLE_CHUNK_S, options.warmupRate()), devices,
                        "WARMUP");
                double jit = Window.groupSeconds(before, CpuAccounting.threadCpu(hub.cpu().threadDump()),
                        Window.JIT_THREAD).orElse(0);
                jitPerChunk.add(round(jit, 2));
                settled = jit < SETTLED_JIT_SHARE * SETTLE_CHUNK_S;
            }
            long seconds = Math.round((System.nanoTime() - start) / 1e9);
            System.out.printf(Locale.ROOT, "  settling: %d s more warm-up, JIT CPU s per %d s: %s, %s%n", seconds,
                    SETTLE_CHUNK_S, jitPerChunk, settled ? "settled" : "not settled within --settle-s");
            Map<String, Object> settle = new LinkedHashMap<>();
            settle.put("seconds", seconds);
            settle.put("jit_cpu_seconds_per_chunk", jitPerChunk);
            settle.put("settled", settled);
            return settle;
        }

        /** Sends the trips round robin over the devices and waits for their answers (at most the timeout). */
        void run(RoundTrips trips, List<String> devices, String type) throws InterruptedException {
            trips.run(i -> post(devices.get(i % devices.size()), type, i, trips));
            trips.await(timeout.toNanos());
        }

        /** One POST with "wait": true; the answer settles request i. */
        private void post(String device, String type, int i, RoundTrips trips) throws InterruptedException {
            String body = "{\"type\":\"" + type + "\",\"params\":{\"seq\":" + i + "},\"timeoutMs\":"
                    + options.timeoutMs + ",\"wait\":true}";
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + device + "/commands"))
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("X-API-Key", HubProcess.API_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            inFlight.acquire();
            concurrentMax.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                long now = System.nanoTime();
                concurrent.decrementAndGet();
                inFlight.release();
                if (error != null) {
                    Throwable cause = error.getCause() != null ? error.getCause() : error;
                    trips.failed(i, cause.getClass().getSimpleName());
                    return;
                }
                String state = "?";
                try {
                    JsonNode answer = json.readTree(response.body());
                    state = answer.path("state").asText("?");
                    if (answer.hasNonNull("commandId")) {
                        trips.id(i, answer.get("commandId").asText());
                    }
                } catch (IOException e) {
                    // state stays "?"
                }
                if (response.statusCode() == 200 && "SUCCEEDED".equals(state)) {
                    trips.answered(i, now);
                } else {
                    trips.failed(i, "HTTP " + response.statusCode() + " " + state);
                }
            });
        }
    }

    /**
     * Checks in the hub's database that every command of the hub phase SUCCEEDED exactly once, in one attempt, and
     * that the devices received each once; a few through GET /api/commands/{id} too. Splits the round trip into
     * stages with the command's timestamps.
     */
    private void verify(HubUnderTest hub, CommandDevices simulators, RoundTrips trips, long wallBaseMicros,
                        long nanoBase) throws SQLException {
        Map<String, Row> rows = new HashMap<>();
        try (PreparedStatement st = hub.db().prepareStatement("""
                select c.command_id, c.state, c.attempts,
                       (extract(epoch from c.created_at) * 1000000)::bigint as created_us,
                       (extract(epoch from c.completed_at) * 1000000)::bigint as completed_us,
                       (select (extract(epoch from min(t.at)) * 1000000)::bigint from command_transitions t
                         where t.command_id = c.command_id and t.state = 'SENT') as sent_us,
                       (select count(*) from command_transitions t
                         where t.command_id = c.command_id and t.state = 'SUCCEEDED') as succeeded,
                       (select count(*) from command_transitions t
                         where t.command_id = c.command_id and t.state = 'SENT'
                           and t.detail like '%answered before%') as answered_first,
                       (select count(*) from command_transitions s, command_transitions f
                         where s.command_id = c.command_id and f.command_id = c.command_id
                           and s.state = 'SENT' and f.state = 'SUCCEEDED' and s.id > f.id) as sent_after_succeeded
                  from commands c
                 where c.device_id like ? and c.type = 'BENCH'
                """)) {
            st.setString(1, "cmd-" + run + "-%");
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), new Row(rs.getString(2), rs.getInt(3), rs.getLong(4),
                            (Long) rs.getObject(5), (Long) rs.getObject(6), rs.getInt(7), rs.getInt(8),
                            rs.getInt(9)));
                }
            }
        }
        long succeededOnce = rows.values().stream().filter(r -> r.state.equals("SUCCEEDED") && r.succeeded == 1)
                .count();
        long extraSucceeded = rows.values().stream().mapToLong(r -> Math.max(0, r.succeeded - 1)).sum();
        long moreAttempts = rows.values().stream().filter(r -> r.attempts > 1).count();
        long answeredFirst = rows.values().stream().filter(r -> r.answeredFirst > 0).count();
        long sentAfterSucceeded = rows.values().stream().filter(r -> r.sentAfterSucceeded > 0).count();
        Map<String, Long> states = new LinkedHashMap<>();
        rows.values().forEach(r -> states.merge(r.state, 1L, Long::sum));
        long neverReceived = rows.keySet().stream().filter(id -> simulators.receivedAt(id) == null).count();
        long withoutId = 0;
        for (int i = 0; i < trips.n; i++) {
            if (trips.id(i) == null) {
                withoutId++;
            }
        }
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("requests", trips.n);
        check.put("requests_without_command_id", withoutId);
        check.put("commands_in_database", rows.size());
        check.put("states", states);
        check.put("succeeded_exactly_once", succeededOnce);
        check.put("extra_succeeded_transitions", extraSucceeded);
        check.put("more_than_one_attempt", moreAttempts);
        check.put("answered_before_sent_recorded", answeredFirst);
        check.put("sent_recorded_after_succeeded", sentAfterSucceeded);
        check.put("device_commands_received", simulators.commands());
        check.put("device_duplicates", simulators.duplicates());
        check.put("never_received_by_device", neverReceived);
        rows.entrySet().stream().filter(e -> e.getValue().sentAfterSucceeded > 0).findFirst().ifPresent(e ->
                check.put("example_sent_recorded_after_succeeded", transitions(hub, e.getKey())));
        rows.entrySet().stream().filter(e -> e.getValue().answeredFirst > 0).findFirst().ifPresent(e ->
                check.put("example_answered_before_sent_recorded", transitions(hub, e.getKey())));
        check.put("api", checkThroughApi(hub.process(), trips));
        result.put("hub_check", check);
        result.put("hub_duplicates", simulators.duplicates() + extraSucceeded);

        // stages: driver times (System.nanoTime → wall clock) against the database's timestamps (the same clock)
        List<Double> toCreated = new ArrayList<>();
        List<Double> createdToSent = new ArrayList<>();
        List<Double> createdToDevice = new ArrayList<>();
        List<Double> deviceToCompleted = new ArrayList<>();
        List<Double> completedToAnswer = new ArrayList<>();
        for (int i = 0; i < trips.n; i++) {
            String id = trips.id(i);
            Row row = id == null ? null : rows.get(id);
            Long device = id == null ? null : simulators.receivedAt(id);
            long answered = trips.answeredAt(i);
            if (row == null || device == null || answered == 0 || row.completedUs == null) {
                continue;
            }
            double scheduledUs = wallBaseMicros + (trips.scheduled(i) - nanoBase) / 1e3;
            double deviceUs = wallBaseMicros + (device - nanoBase) / 1e3;
            double answeredUs = wallBaseMicros + (answered - nanoBase) / 1e3;
            toCreated.add((row.createdUs - scheduledUs) / 1e3);
            if (row.sentUs != null && row.answeredFirst == 0 && row.sentAfterSucceeded == 0) {
                createdToSent.add((row.sentUs - row.createdUs) / 1e3);
            }
            createdToDevice.add((deviceUs - row.createdUs) / 1e3);
            deviceToCompleted.add((row.completedUs - deviceUs) / 1e3);
            completedToAnswer.add((answeredUs - row.completedUs) / 1e3);
        }
        Map<String, Object> stages = new LinkedHashMap<>();
        stages.put("scheduled_to_created", stats(toCreated));
        stages.put("created_to_device", stats(createdToDevice));
        stages.put("created_to_sent_recorded", stats(createdToSent));
        stages.put("device_to_completed", stats(deviceToCompleted));
        stages.put("completed_to_answer", stats(completedToAnswer));
        result.put("hub_stages_ms", stages);
    }

    /** A command's transitions from the database: "state at detail", in the order they were recorded. */
    private static List<String> transitions(HubUnderTest hub, String commandId) {
        List<String> transitions = new ArrayList<>();
        try (PreparedStatement st = hub.db().prepareStatement(
                "select state, at, detail from command_transitions where command_id = ? order by id")) {
            st.setString(1, commandId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    transitions.add(rs.getString(1) + " " + rs.getTimestamp(2).toInstant() + " " + rs.getString(3));
                }
            }
        } catch (SQLException e) {
            transitions.add(e.toString());
        }
        return transitions;
    }

    /** GET /api/commands/{id} for a few commands: SUCCEEDED, with PENDING, SENT and SUCCEEDED among its transitions. */
    private Map<String, Object> checkThroughApi(HubProcess hub, RoundTrips trips) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        int checked = 0;
        int good = 0;
        String example = null;
        for (int i = 0; i < trips.n && checked < 10; i += Math.max(1, trips.n / 10)) {
            String id = trips.id(i);
            if (id == null) {
                continue;
            }
            checked++;
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                        + hub.apiPort + "/api/commands/" + id)).header("X-API-Key", HubProcess.API_KEY)
                        .timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode command = json.readTree(response.body());
                List<String> transitions = new ArrayList<>();
                command.path("transitions").forEach(t -> transitions.add(t.path("state").asText()));
                if (response.statusCode() == 200 && "SUCCEEDED".equals(command.path("state").asText())
                        && transitions.equals(List.of("PENDING", "SENT", "SUCCEEDED"))) {
                    good++;
                }
                if (example == null) {
                    example = command.path("transitions").toString();
                }
            } catch (IOException e) {
                // counted as not good
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Map<String, Object> api = new LinkedHashMap<>();
        api.put("checked", checked);
        api.put("succeeded_with_pending_sent_succeeded", good);
        api.put("example_transitions", example);
        return api;
    }

    private record Row(String state, int attempts, long createdUs, Long completedUs, Long sentUs, int succeeded,
                       int answeredFirst, int sentAfterSucceeded) {
    }

    /** Counters of the hub that say what happened to commands and responses. */
    private static Map<String, Double> hubCounters(HubProcess hub) {
        Map<String, Double> counters = new LinkedHashMap<>();
        counters.put("commands_created", hub.metricValue("caravan.commands.created", "COUNT").orElse(0));
        for (String outcome : List.of("applied", "duplicate", "unknown", "wrong_device")) {
            counters.put("responses_" + outcome, hub.metricValue("caravan.commands.responses", "COUNT",
                    "outcome:" + outcome).orElse(0));
        }
        counters.put("mqtt_published", hub.metricValue("caravan.mqtt.published", "COUNT", "result:ok").orElse(0));
        counters.put("mqtt_publish_failures", hub.metricValue("caravan.mqtt.published", "COUNT", "result:failed")
                .orElse(0));
        counters.put("dead_letters", hub.metricValue("caravan.deadletters", "COUNT").orElse(0));
        return counters;
    }

    private static final Pattern ROUTE =
            Pattern.compile("camel_route_policy_seconds_count\\{.*routeId=\"([^\"]+)\".*");
    private static final Pattern REDIS =
            Pattern.compile("lettuce_command_completion_seconds_count\\{command=\"([^\"]+)\".*");
    private static final Pattern POOL = Pattern.compile("hikaricp_connections_(usage|acquire)_seconds_count\\{.*");

    /**
     * What the hub's own meters say about the measured window (differences of /actuator/prometheus before and after):
     * exchanges and mean time per Camel route (Camel's route policy), calls and mean round trip per Redis command
     * (Lettuce's command latency), and checkouts and mean hold time of the database connection pool (HikariCP);
     * "per_command" is per command sent in the window.
     */
    private static Map<String, Object> internals(Map<String, Double> before, Map<String, Double> after, int commands) {
        Map<String, Object> routes = new TreeMap<>();
        Map<String, Object> redis = new TreeMap<>();
        Map<String, Object> pool = new TreeMap<>();
        after.keySet().forEach(key -> {
            Matcher route = ROUTE.matcher(key);
            Matcher command = REDIS.matcher(key);
            Matcher connection = POOL.matcher(key);
            if (route.matches()) {
                timed(routes, route.group(1), key, before, after, 0);
            } else if (command.matches()) {
                timed(redis, command.group(1), key, before, after, commands);
            } else if (connection.matches()) {
                timed(pool, connection.group(1), key, before, after, commands);
            }
        });
        Map<String, Object> internals = new LinkedHashMap<>();
        internals.put("routes", routes);
        internals.put("redis_commands", redis);
        internals.put("db_connections", pool);
        return internals;
    }

    /** From a timer's _count and _sum samples: how many in the window, their mean in ms, and per command. */
    private static void timed(Map<String, Object> into, String name, String countKey, Map<String, Double> before,
                              Map<String, Double> after, int commands) {
        String sumKey = countKey.replace("_count{", "_sum{");
        double count = after.get(countKey) - before.getOrDefault(countKey, 0.0);
        double sum = after.getOrDefault(sumKey, 0.0) - before.getOrDefault(sumKey, 0.0);
        if (count < 1) {
            return;
        }
        Map<String, Object> timer = new LinkedHashMap<>();
        timer.put("count", Math.round(count));
        timer.put("mean_ms", round(sum / count * 1000, 2));
        if (commands > 0) {
            timer.put("per_command", round(count / commands, 2));
        }
        into.put(name, timer);
    }

    // ---------------------------------------------------------------- measuring windows

    /**
     * What the hub's processes did during a measured phase: CPU seconds per process (/proc), CPU per thread group of
     * the hub's JVM (thread dumps before and after), heap samples, GC pauses.
     */
    private static final class Window {
        private static final Pattern BROKER_THREAD = Pattern.compile(
                "single-writer.*|hivemq-.*|extension-.*|payload-persistence-cleanup.*|scheduled-persistence-executor"
                        + "|embedded-hivemq.*|global-traffic-shaper.*");
        static final Pattern JIT_THREAD = Pattern.compile("C[12] CompilerThread.*");
        private static final Pattern RESPONSE_CONSUMER_THREAD = Pattern.compile(
                "MQTT Call: caravan-.*-response-[0-9]+");
        private final HubUnderTest hub;
        private final String name;
        private final Map<String, Double> cpuBefore;
        private final Map<String, Map<String, Long>> waitBefore;
        private final String dumpBefore;
        private final double gcBefore;
        private final double gcCountBefore;
        final HeapSampler heap;
        Map<String, Double> cpu;
        Map<String, Double> wait;
        Map<String, Double> threads;
        Double responseConsumer;
        /** CPU seconds of the embedded broker's threads (HiveMQ) and of the JIT compilers, within the hub's JVM. */
        double brokerSeconds;
        double jitSeconds;
        private final long startNanos = System.nanoTime();
        double wallSeconds;
        double gcSeconds;
        long gcPauses;
        private Thread dumper;

        Window(HubUnderTest hub, String name) throws IOException {
            this.hub = hub;
            this.name = name;
            this.gcBefore = hub.process().metricValue("jvm.gc.pause", "TOTAL_TIME").orElse(0);
            this.gcCountBefore = hub.process().metricValue("jvm.gc.pause", "COUNT").orElse(0);
            this.dumpBefore = hub.cpu().threadDump();
            this.cpuBefore = hub.cpu().snapshot();
            this.waitBefore = hub.cpu().runQueueWait();
            this.heap = new HeapSampler(hub.process());
        }

        /** Takes {@code count} thread dumps spread over the phase (for looking at what the hub's threads do). */
        void dumpDuring(int count, int seconds, Path out) {
            if (count <= 0) {
                return;
            }
            dumper = new Thread(() -> {
                try {
                    long interval = seconds * 1000L / (count + 1);
                    for (int d = 1; d <= count; d++) {
                        Thread.sleep(interval);
                        hub.threadDump(out.resolve("commands-" + name + "-dump-" + d + ".txt"));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException e) {
                    System.err.println("thread dump failed: " + e);
                }
            }, "thread-dumps");
            dumper.setDaemon(true);
            dumper.start();
        }

        /** CPU seconds between two dumps of the threads whose names match; empty when no thread matches. */
        static OptionalDouble groupSeconds(Map<String, Double> before, Map<String, Double> after,
                                                   Pattern names) {
            double ms = 0;
            boolean found = false;
            for (Map.Entry<String, Double> e : after.entrySet()) {
                if (names.matcher(e.getKey()).matches()) {
                    ms += e.getValue() - before.getOrDefault(e.getKey(), 0.0);
                    found = true;
                }
            }
            return found ? OptionalDouble.of(ms / 1000) : OptionalDouble.empty();
        }

        /**
         * CPU milliseconds per command of each process in the window, the hub's JVM split into the embedded broker,
         * the JIT compilers and the rest (the hub's own work), and the cores all of them used on average.
         */
        Map<String, Object> perCommand(int commands) {
            Map<String, Object> ms = new LinkedHashMap<>();
            double all = cpu.values().stream().mapToDouble(Double::doubleValue).sum();
            double jvm = cpu.getOrDefault("hub_jvm", 0.0);
            ms.put("hub_own", round((jvm - brokerSeconds - jitSeconds) * 1000 / commands, 2));
            ms.put("broker", round(brokerSeconds * 1000 / commands, 2));
            ms.put("jit", round(jitSeconds * 1000 / commands, 2));
            cpu.forEach((process, seconds) -> {
                if (!process.equals("hub_jvm")) {
                    ms.put(process, round(seconds * 1000 / commands, 2));
                }
            });
            ms.put("all", round(all * 1000 / commands, 2));
            ms.put("window_seconds", round(wallSeconds, 1));
            ms.put("cores_used", round(all / wallSeconds, 2));
            return ms;
        }

        /**
         * Milliseconds per command that each process's threads spent runnable but waiting for a core in the window:
         * the scheduling delay that the hand-offs between threads and processes pay on a busy machine.
         */
        Map<String, Object> waitPerCommand(int commands) {
            Map<String, Object> ms = new LinkedHashMap<>();
            wait.forEach((process, seconds) -> ms.put(process, round(seconds * 1000 / commands, 2)));
            ms.put("all", round(wait.values().stream().mapToDouble(Double::doubleValue).sum() * 1000 / commands, 2));
            return ms;
        }

        void close() throws InterruptedException, IOException {
            cpu = CpuAccounting.minus(hub.cpu().snapshot(), cpuBefore);
            wait = CpuAccounting.runQueueWaitBetween(waitBefore, hub.cpu().runQueueWait());
            wallSeconds = (System.nanoTime() - startNanos) / 1e9;
            heap.stop();
            if (dumper != null) {
                dumper.interrupt();
                dumper.join(30_000);
            }
            String dumpAfter = hub.threadDump(Path.of("target", "bench", "commands-" + name + "-threads-end.txt"));
            Map<String, Double> before = CpuAccounting.threadCpu(dumpBefore);
            Map<String, Double> after = CpuAccounting.threadCpu(dumpAfter);
            threads = CpuAccounting.threadGroups(before, after, 15);
            OptionalDouble consumer = groupSeconds(before, after, RESPONSE_CONSUMER_THREAD);
            responseConsumer = consumer.isPresent() ? round(consumer.getAsDouble(), 2) : null;
            brokerSeconds = groupSeconds(before, after, BROKER_THREAD).orElse(0);
            jitSeconds = groupSeconds(before, after, JIT_THREAD).orElse(0);
            gcSeconds = round(hub.process().metricValue("jvm.gc.pause", "TOTAL_TIME").orElse(0) - gcBefore, 3);
            gcPauses = Math.round(hub.process().metricValue("jvm.gc.pause", "COUNT").orElse(0) - gcCountBefore);
        }
    }

    /** The hub's heap (jvm.memory.used, area heap) every 500 ms, on its own thread. */
    private static final class HeapSampler {
        volatile double maxMb;
        volatile int count;
        private final Thread thread;
        private volatile boolean running = true;

        HeapSampler(HubProcess hub) {
            thread = new Thread(() -> {
                while (running) {
                    OptionalDouble heap = hub.metricValue("jvm.memory.used", "VALUE", "area:heap");
                    if (heap.isPresent()) {
                        maxMb = Math.max(maxMb, heap.getAsDouble() / 1024 / 1024);
                        count++;
                    }
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join(15_000);
        }
    }

    /** What the devices saw in a phase; any device that received nothing is listed with its client's state. */
    private void devicesAfter(String phase, CommandDevices simulators) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("commands_received", simulators.commands());
        d.put("distinct", simulators.distinct());
        d.put("duplicates", simulators.duplicates());
        d.put("unreadable", simulators.unreadable());
        d.put("answer_failures", simulators.answerFailures());
        List<Map<String, Object>> silent = simulators.silent();
        d.put("silent_devices", silent);
        if (simulators.firstError() != null) {
            d.put("first_error", simulators.firstError());
        }
        result.put(phase + "_devices", d);
        if (!silent.isEmpty()) {
            System.out.printf(Locale.ROOT, "  %d device(s) received no command in this phase: %s%n", silent.size(),
                    silent);
        }
    }

    // ---------------------------------------------------------------- devices online

    /** Waits until GET /api/devices?status=online lists every device. */
    private void awaitOnline(HubProcess hub, List<String> devices, Duration patience) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String prefix = "cmd-" + run + "-";
        long deadline = System.nanoTime() + patience.toNanos();
        int online = 0;
        while (System.nanoTime() < deadline) {
            online = 0;
            for (int offset = 0; ; offset += 1000) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                        + hub.apiPort + "/api/devices?status=online&limit=1000&offset=" + offset))
                        .header("X-API-Key", HubProcess.API_KEY).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("GET /api/devices answered " + response.statusCode() + ": "
                            + response.body());
                }
                JsonNode items = json.readTree(response.body()).path("items");
                for (JsonNode device : items) {
                    if (device.path("id").asText().startsWith(prefix)) {
                        online++;
                    }
                }
                if (items.size() < 1000) {
                    break;
                }
            }
            if (online == devices.size()) {
                System.out.printf(Locale.ROOT, "  the hub lists all %d devices online%n", online);
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("only " + online + " of " + devices.size() + " devices online after "
                + patience.toSeconds() + " s");
    }

    // ---------------------------------------------------------------- results

    private void put(String phase, RoundTrips.Summary s) {
        result.put(phase + "_p50_ms", num(s.p50Ms()));
        result.put(phase + "_p90_ms", num(s.p90Ms()));
        result.put(phase + "_p99_ms", num(s.p99Ms()));
        result.put(phase + "_p999_ms", num(s.p999Ms()));
        result.put(phase + "_max_ms", num(s.maxMs()));
        result.put(phase + "_mean_ms", num(s.meanMs()));
        result.put(phase + "_sent", s.sent());
        result.put(phase + "_answered", s.answered());
        result.put(phase + "_lost", s.lost());
        if (!s.lostReasons().isEmpty()) {
            result.put(phase + "_lost_reasons", s.lostReasons());
        }
        result.put(phase + "_repeated_answers", s.repeated());
        result.put(phase + "_foreign_answers", s.foreign());
        result.put(phase + "_sent_per_s", num(s.sentPerSecond()));
        result.put(phase + "_answered_per_s", num(s.answeredPerSecond()));
        result.put(phase + "_generator_lag_max_ms", num(s.generatorLagMaxMs()));
    }

    private void derive() {
        Object raw = result.get("raw_p99_ms");
        Object hub = result.get("hub_p99_ms");
        Double delta = raw instanceof Number r && hub instanceof Number h
                ? round(h.doubleValue() - r.doubleValue(), 2) : null;
        result.put("p99_delta_ms", delta);
        for (String phase : List.of("bridge", "pgbridge")) {
            Object bridge = result.get(phase + "_p99_ms");
            result.put(phase + "_p99_delta_ms", raw instanceof Number r && bridge instanceof Number b
                    ? round(b.doubleValue() - r.doubleValue(), 2) : null);
        }
        Map<String, Object> targets = new LinkedHashMap<>();
        targets.put("hub_p99_within_raw_p99_plus_10_ms", delta != null && delta <= 10);
        targets.put("nothing_lost", result.containsKey("hub_lost") && result.containsKey("raw_lost")
                && longValue("hub_lost") == 0 && longValue("raw_lost") == 0);
        targets.put("no_duplicates", result.containsKey("hub_duplicates") && longValue("hub_duplicates") == 0);
        result.put("targets", targets);
        result.put("target_met", targets.values().stream().allMatch(Boolean.TRUE::equals));
    }

    private void printSummary(Path file) {
        System.out.println();
        System.out.println("Result (latency = answer - scheduled send; ms)");
        System.out.printf(Locale.ROOT, "  %-12s %8s %8s %8s %9s %6s %10s %10s%n", "", "p50", "p99", "p99.9", "max",
                "lost", "sent/s", "answered/s");
        Map<String, String> labels = Map.of("raw", "raw MQTT", "hub", "hub (HTTP)", "bridge", "bare bridge",
                "pgbridge", "bridge + PG");
        for (String phase : List.of("raw", "hub", "bridge", "pgbridge")) {
            if (result.containsKey(phase + "_sent")) {
                System.out.printf(Locale.ROOT, "  %-12s %8s %8s %8s %9s %6s %10s %10s%n",
                        labels.get(phase), result.get(phase + "_p50_ms"),
                        result.get(phase + "_p99_ms"), result.get(phase + "_p999_ms"), result.get(phase + "_max_ms"),
                        result.get(phase + "_lost"), result.get(phase + "_sent_per_s"),
                        result.get(phase + "_answered_per_s"));
            }
        }
        lineOut("p99 hub - raw", result.get("p99_delta_ms") + " ms (target <= 10 ms)");
        lineOut("p99 bridge - raw", result.get("bridge_p99_delta_ms") + " ms (no storage: the least any hub adds)");
        lineOut("p99 bridge+PG - raw", result.get("pgbridge_p99_delta_ms") + " ms (command and outcome committed)");
        lineOut("duplicates", "hub " + result.get("hub_duplicates") + ", raw " + result.get("raw_duplicates"));
        lineOut("lost (reasons)", "hub " + result.getOrDefault("hub_lost_reasons", "-") + ", raw "
                + result.getOrDefault("raw_lost_reasons", "-"));
        lineOut("hub heap max", result.get("heap_max_mb") + " MB of -Xmx" + options.xmxMb + "m ("
                + result.get("heap_samples") + " samples); GC " + result.get("gc_pauses") + " pauses, "
                + result.get("gc_pause_seconds") + " s");
        lineOut("CPU s, raw phase", String.valueOf(result.get("raw_cpu_seconds")));
        lineOut("CPU s, hub phase", String.valueOf(result.get("hub_cpu_seconds")));
        lineOut("CPU ms/command, raw", String.valueOf(result.get("raw_cpu_ms_per_command")));
        lineOut("CPU ms/command, hub", String.valueOf(result.get("hub_cpu_ms_per_command")));
        lineOut("CPU ms/cmd, bridge", result.get("bridge_cpu_ms_per_command") + " (the bridge is in the driver)");
        lineOut("CPU ms/cmd, bridge+PG", String.valueOf(result.get("pgbridge_cpu_ms_per_command")));
        for (String phase : List.of("raw", "hub", "bridge", "pgbridge")) {
            if (result.containsKey(phase + "_runqueue_wait_ms_per_command")) {
                lineOut("wait for a core, " + phase, result.get(phase + "_runqueue_wait_ms_per_command")
                        + " ms/command");
            }
        }
        lineOut("hub threads, CPU s", String.valueOf(result.get("hub_thread_cpu_seconds")));
        lineOut("response consumer", result.get("hub_response_consumer_cpu_seconds") + " CPU s in the hub phase");
        lineOut("hub stages, ms", String.valueOf(result.get("hub_stages_ms")));
        lineOut("raw stages, ms", String.valueOf(result.get("raw_stages_ms")));
        lineOut("hub check", String.valueOf(result.get("hub_check")));
        lineOut("hub counters", String.valueOf(result.get("hub_counters")));
        lineOut("hub internals", String.valueOf(result.get("hub_internals")));
        lineOut("round trips, ms", "idle " + result.get("round_trips_idle_ms") + "; hub phase "
                + result.get("round_trips_hub_phase_ms") + "; raw phase " + result.get("round_trips_raw_phase_ms"));
        lineOut("load average", String.valueOf(HubUnderTest.loadAverage()) + " now, "
                + ((Map<?, ?>) result.get("machine")).get("load_average_1m") + " at the start");
        lineOut("target met", result.get("target_met") + " " + result.get("targets"));
        lineOut("written", file.toString());
    }

    private static String line(RoundTrips.Summary s) {
        return String.format(Locale.ROOT, "%,d sent (%.1f/s), %,d answered: p50 %.2f ms, p99 %.2f ms, max %.2f ms,"
                + " lost %d%s", s.sent(), s.sentPerSecond(), s.answered(), s.p50Ms(), s.p99Ms(), s.maxMs(), s.lost(),
                s.lostReasons().isEmpty() ? "" : " " + s.lostReasons());
    }

    private static void lineOut(String label, String value) {
        System.out.printf(Locale.ROOT, "  %-20s %s%n", label, value);
    }

    /** p50, p99 and max of some durations in ms, and how many. */
    private static Map<String, Object> stats(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("p50", num(round(RoundTrips.percentile(sorted, 0.5), 2)));
        stats.put("p99", num(round(RoundTrips.percentile(sorted, 0.99), 2)));
        stats.put("max", sorted.length == 0 ? null : round(sorted[sorted.length - 1], 2));
        stats.put("n", sorted.length);
        return stats;
    }

    private long longValue(String key) {
        Object v = result.get(key);
        return v instanceof Number number ? number.longValue() : 0;
    }

    private static Double num(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
    }

    private static long epochMicros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
    }

    private static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }

    static double round(double value, int decimals) {
        return Double.isNaN(value) ? value : CpuAccounting.round(value, decimals);
    }

    /** Command-line options. */
    static final class Options {
        static final String USAGE = """
                usage: CommandBenchmark [RATE] [K] [SECONDS] [--warmup-s=5] [--warmup-rate=RATE] [--timeout-ms=10000]
                                        [--deadline-s=10]
                                        [--settle-s=0] [--max-in-flight=N] [--drain-s=300] [--xmx-mb=512] [--dumps=N]
                                        [--only=hub,raw,bridge,pgbridge]
                                        [--no-tcp-nodelay] [--jar=target/caravan.jar]
                                        [--caravan.<setting>=<value> ...  passed to the hub]
                  RATE  commands per second (default 500), K  devices (default 100),
                  SECONDS  measured seconds per phase (default 30)""";

        int rate = 500;
        int devices = 100;
        int seconds = 30;
        int warmupSeconds = 5;
        /** 0: the measured rate. A higher one compiles the hot paths before a run at a low rate. */
        int warmupRate;
        /**
         * At most this much more warm-up of the hub phase, 10 s at a time, until the hub's JIT compilers are quiet
         * (0: none).
         */
        int settleSeconds;
        int timeoutMs = 10_000;
        Duration deadline = Duration.ofSeconds(10);
        int maxInFlight;
        Duration drain = Duration.ofSeconds(300);
        int xmxMb = 512;
        int dumps;
        static final List<String> PHASES = List.of("hub", "raw", "bridge", "pgbridge");
        /** The phases to run; all by default. */
        List<String> only = PHASES;
        boolean tcpNoDelay = true;
        String mqttUrl;
        Path jar = Path.of("target", "caravan.jar");
        final List<String> hubArgs = new ArrayList<>();

        boolean runs(String phase) {
            return only.contains(phase);
        }

        int commands() {
            return rate * seconds;
        }

        int warmupRate() {
            return warmupRate > 0 ? warmupRate : rate;
        }

        int warmupCommands() {
            return warmupRate() * warmupSeconds;
        }

        static Options parse(String[] args) {
            Options o = new Options();
            int positional = 0;
            for (String arg : args) {
                if (arg.startsWith("--caravan.") || arg.startsWith("--spring.") || arg.startsWith("--logging.")) {
                    o.hubArgs.add(arg);
                } else if (arg.startsWith("--warmup-s=")) {
                    o.warmupSeconds = nonNegativeInt(arg);
                } else if (arg.startsWith("--warmup-rate=")) {
                    o.warmupRate = positiveInt(arg);
                } else if (arg.startsWith("--settle-s=")) {
                    o.settleSeconds = nonNegativeInt(arg);
                } else if (arg.startsWith("--timeout-ms=")) {
                    o.timeoutMs = positiveInt(arg);
                } else if (arg.startsWith("--deadline-s=")) {
                    o.deadline = Duration.ofSeconds(positiveInt(arg));
                } else if (arg.startsWith("--drain-s=")) {
                    o.drain = Duration.ofSeconds(nonNegativeInt(arg));
                } else if (arg.startsWith("--max-in-flight=")) {
                    o.maxInFlight = positiveInt(arg);
                } else if (arg.startsWith("--xmx-mb=")) {
                    o.xmxMb = positiveInt(arg);
                } else if (arg.startsWith("--dumps=")) {
                    o.dumps = nonNegativeInt(arg);
                } else if (arg.startsWith("--only=")) {
                    o.only = List.of(value(arg).split(","));
                    if (!PHASES.containsAll(o.only)) {
                        throw new IllegalArgumentException("--only takes phases of " + PHASES + ": " + arg);
                    }
                } else if (arg.equals("--no-tcp-nodelay")) {
                    o.tcpNoDelay = false;
                } else if (arg.startsWith("--jar=")) {
                    o.jar = Path.of(value(arg));
                } else if (arg.startsWith("--mqtt-url=")) {
                    o.mqttUrl = value(arg);
                } else if (!arg.startsWith("-") && positional < 3) {
                    int value = positiveInt("=" + arg);
                    switch (positional++) {
                        case 0 -> o.rate = value;
                        case 1 -> o.devices = value;
                        default -> o.seconds = value;
                    }
                } else {
                    throw new IllegalArgumentException("unknown argument: " + arg);
                }
            }
            if (o.maxInFlight == 0) {
                // room for every request until the hub's timeout and then some: open loop in practice
                o.maxInFlight = (int) Math.min(Integer.MAX_VALUE, (long) o.rate * (o.timeoutMs / 1000 + 2));
            }
            return o;
        }

        private static String value(String arg) {
            return arg.substring(arg.indexOf('=') + 1);
        }

        private static int positiveInt(String arg) {
            int value = nonNegativeInt(arg);
            if (value == 0) {
                throw new IllegalArgumentException("not a positive number: " + arg);
            }
            return value;
        }

        private static int nonNegativeInt(String arg) {
            try {
                int value = Integer.parseInt(value(arg).replace("_", ""));
                if (value < 0) {
                    throw new NumberFormatException();
                }
                return value;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number: " + arg);
            }
        }
    }
}
