package dev.caravan.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The ingest benchmark: how fast the hub stores MQTT telemetry, next to how fast its broker alone delivers the same
 * traffic. Run it with {@code tests/bench/ingest.sh [N] [K]}; docs/benchmarks.md explains the method and the output.
 *
 * <p>One invocation starts the hub ({@code java -Xmx512m -jar target/caravan.jar}, embedded broker, PostgreSQL and
 * Redis on free ports, ephemeral data, no demo devices), waits until it is up, then runs two phases against its
 * broker with the same K publishing devices and the same N payloads:
 * <ol>
 *   <li>broker only: the devices publish to {@code bench/{id}/telemetry}, which the hub does not consume; one plain
 *       subscriber counts what arrives. Rate = N / (last received − first published).</li>
 *   <li>hub: the devices publish to {@code device/{id}/telemetry}; the hub validates, batches and stores every value
 *       as a row in PostgreSQL and only then acknowledges. Rate = N / (all stored − first published), "stored" taken
 *       from the hub's counter caravan.telemetry.messages.stored and confirmed by counting the distinct messages
 *       (device, ts) in the telemetry table.</li>
 * </ol>
 * When messages were lost, a rate counts the messages that did arrive, up to the last of them. It prints a summary,
 * writes target/bench/ingest.json and exits with 1 when the hub lost messages, 2 on error.
 */
public final class IngestBenchmark {

    static final String[] KEYS = {"voltage", "current", "power", "energy", "frequency", "power_factor",
        "temperature", "cpu", "memory", "uptime"};

    private final Options options;
    private final Path out = Path.of("target", "bench");
    private final String run = Long.toString(System.currentTimeMillis() / 1000 % 1_000_000, 36);
    private final Map<String, Object> result = new LinkedHashMap<>();

    private IngestBenchmark(Options options) {
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
            status = new IngestBenchmark(options).run();
        } catch (Exception e) {
            System.err.println("benchmark failed: " + e);
            e.printStackTrace();
            status = 2;
        }
        System.exit(status);
    }

    private int run() throws Exception {
        Files.createDirectories(out);
        int n = options.messages;
        int k = options.devices;
        List<String> devices = new ArrayList<>();
        for (int d = 0; d < k; d++) {
            devices.add(String.format(Locale.ROOT, "bench-%s-%04d", run, d));
        }
        long firstTs = Instant.now().truncatedTo(ChronoUnit.SECONDS).toEpochMilli() - n;
        byte[][] payloads = payloads(n, k, firstTs);

        result.put("date", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
        result.put("messages", n);
        result.put("devices", k);
        result.put("points_per_message", KEYS.length);
        result.put("payload_bytes_avg", Math.round(avgLength(payloads)));
        result.put("qos", 1);
        result.put("xmx_mb", options.xmxMb);
        result.put("driver_tcp_nodelay", options.tcpNoDelay);
        result.put("hub_jar", options.jar.toString());
        result.put("broker", options.mqttUrl == null ? "embedded HiveMQ CE" : options.mqttUrl);
        result.put("hub_args", options.hubArgs);
        result.put("machine", HubUnderTest.machine());

        try (HubUnderTest hubUnderTest = new HubUnderTest(new HubProcess(options.jar, out.resolve("hub.log"),
                options.xmxMb, options.consumers, options.mqttUrl, options.hubArgs))) {
            System.out.printf(Locale.ROOT, "Ingest benchmark: %,d messages (%d values each) from %d devices at QoS 1%n",
                    n, KEYS.length, k);
            hubUnderTest.start(Duration.ofMinutes(3));
            HubProcess hub = hubUnderTest.process();
            CpuAccounting cpu = hubUnderTest.cpu();
            Connection db = hubUnderTest.db();
            result.put("consumers", hub.telemetryConsumers());
            result.put("postgres", hubUnderTest.postgres());
            if (options.synchronousCommit != null) {
                setSynchronousCommit(db, options.synchronousCommit);
            }
            try (SimulatedDevices publishers = new SimulatedDevices(hub.brokerUrl(), devices, options.tcpNoDelay)) {
                result.put("broker_receive_maximum", publishers.receiveMaximum());
                brokerPhase(hub, cpu, publishers, payloads, firstTs);
                Thread.sleep(2000);
                hubPhase(hub, cpu, publishers, payloads, db, devices);
            }
        }
        derive();
        Path json = out.resolve("ingest.json");
        Files.writeString(json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(result) + "\n");
        printSummary(json);
        long lost = ((Number) result.get("lost")).longValue();
        return lost > 0 ? 1 : 0;
    }

    // ---------------------------------------------------------------- phases

    private void brokerPhase(HubProcess hub, CpuAccounting cpu, SimulatedDevices publishers, byte[][] payloads,
                             long firstTs) throws Exception {
        int n = payloads.length;
        System.out.println();
        System.out.println("Phase 1, broker only: bench/{device}/telemetry -> one plain subscriber");
        try (PlainSubscriber subscriber = new PlainSubscriber(hub.brokerUrl(), "bench-" + run + "-subscriber",
                "bench/+/telemetry", firstTs, n, options.tcpNoDelay)) {
            Map<String, Double> cpuBefore = cpu.snapshot();
            CompletableFuture<SimulatedDevices.Run> publishing = CompletableFuture.supplyAsync(() -> {
                try {
                    return publishers.publish("bench/%s/telemetry", payloads, options.maxWait, t -> { });
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            subscriber.awaitAll(options.idle.toMillis(), publishing::isDone);
            SimulatedDevices.Run sent = publishing.get(options.maxWait.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, Double> cpuUsed = CpuAccounting.minus(cpu.snapshot(), cpuBefore);
            long received = subscriber.distinct();
            double elapsed = seconds(sent.startNanos(), received == 0 ? System.nanoTime() : subscriber.lastArrival());
            result.put("broker_msgs_per_s", round(received / elapsed, 0));
            result.put("broker_lost", n - received);
            result.put("broker_duplicates", subscriber.duplicates());
            result.put("broker_seconds", round(elapsed, 3));
            result.put("broker_publish_seconds", round(seconds(sent.startNanos(), sent.allAckedNanos()), 3));
            result.put("broker_publish_failures", sent.failed());
            result.put("broker_cpu_seconds", cpuUsed);
            if (sent.firstError() != null) {
                result.put("broker_publish_error", sent.firstError());
            }
            if (subscriber.disconnected() != null) {
                result.put("broker_subscriber_error", subscriber.disconnected());
            }
            System.out.printf(Locale.ROOT, "  %,d of %,d received in %.2f s: %,.0f msg/s (publishers done in %.2f s)%n",
                    received, n, elapsed, received / elapsed, seconds(sent.startNanos(), sent.allAckedNanos()));
        }
    }

    private void hubPhase(HubProcess hub, CpuAccounting cpu, SimulatedDevices publishers, byte[][] payloads,
                          Connection db, List<String> devices) throws Exception {
        int n = payloads.length;
        System.out.println();
        System.out.println("Phase 2, hub: device/{device}/telemetry -> hub -> PostgreSQL");
        double baseline = hub.metricValue("caravan.telemetry.messages.stored", "COUNT").orElse(0);
        double gcBefore = hub.metricValue("jvm.gc.pause", "TOTAL_TIME").orElse(0);
        double gcCountBefore = hub.metricValue("jvm.gc.pause", "COUNT").orElse(0);
        Samples samples = new Samples();
        samples.heap(hub);
        samples.pending(hub);
        String dumpBefore = cpu.threadDump();
        Map<String, Double> cpuBefore = cpu.snapshot();

        AtomicLong started = new AtomicLong();
        CompletableFuture<SimulatedDevices.Run> publishing = CompletableFuture.supplyAsync(() -> {
            try {
                return publishers.publish("device/%s/telemetry", payloads, options.maxWait, started::set);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // One thread polls the hub, so that the benchmark's own requests cost the hub little: the stored count and
        // the heap every 250 ms, the backlog every 500 ms; near the end the count every 50 ms, for a precise end.
        long lastProgressAt = System.nanoTime();
        long lastReport = lastProgressAt;
        long lastHeap = 0;
        long lastPending = 0;
        double stored = 0;
        long storedAt = 0;
        boolean midDumped = false;
        while (true) {
            Thread.sleep(stored >= 0.95 * n ? 50 : 250);
            long now = System.nanoTime();
            OptionalDouble count = hub.metricValue("caravan.telemetry.messages.stored", "COUNT");
            if (count.isPresent() && count.getAsDouble() - baseline > stored) {
                stored = count.getAsDouble() - baseline;
                storedAt = now;
                lastProgressAt = now;
            }
            if (stored >= n) {
                break;
            }
            if (now - lastHeap >= 240_000_000L) {
                lastHeap = now;
                samples.heap(hub);
            }
            if (now - lastPending >= 490_000_000L) {
                lastPending = now;
                samples.pending(hub);
            }
            if (!midDumped && stored >= n / 2.0 && options.threadDumps) {
                midDumped = true;
                String dump = cpu.threadDump();
                if (dump != null) {
                    Files.writeString(out.resolve("hub-threads-mid.txt"), dump);
                }
            }
            if (now - lastReport > 2_000_000_000L && started.get() != 0) {
                lastReport = now;
                System.out.printf(Locale.ROOT, "  %5.1f s  %,9.0f / %,d stored  heap %4.0f MB  pending %,.0f%n",
                        seconds(started.get(), now), stored, n, samples.lastHeapMb, samples.lastPending);
            }
            if (publishing.isDone() && now - lastProgressAt > options.idle.toNanos()) {
                System.out.printf(Locale.ROOT, "  no progress for %d s after publishing ended: giving up%n",
                        options.idle.toSeconds());
                break;
            }
        }
        SimulatedDevices.Run sent = publishing.get(options.maxWait.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, Double> cpuUsed = CpuAccounting.minus(cpu.snapshot(), cpuBefore);
        String dumpAfter = cpu.threadDump();
        samples.heap(hub);
        if (dumpAfter != null) {
            Files.writeString(out.resolve("hub-threads-end.txt"), dumpAfter);
        }

        // what PostgreSQL holds for the bench devices
        long distinctMessages;
        long rows;
        String prefix = "bench-" + run + "-%";
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("select count(distinct (device_id, ts)), count(*) from telemetry"
                     + " where device_id like '" + prefix + "'")) {
            rs.next();
            distinctMessages = rs.getLong(1);
            rows = rs.getLong(2);
        }
        double elapsed = seconds(sent.startNanos(), storedAt == 0 ? System.nanoTime() : storedAt);
        result.put("hub_msgs_per_s", round(distinctMessages / elapsed, 0));
        result.put("points_per_s", round(rows / elapsed, 0));
        result.put("lost", n - distinctMessages);
        result.put("hub_seconds", round(elapsed, 3));
        result.put("hub_publish_seconds", round(seconds(sent.startNanos(), sent.allAckedNanos()), 3));
        result.put("hub_publish_failures", sent.failed());
        if (sent.firstError() != null) {
            result.put("hub_publish_error", sent.firstError());
        }
        result.put("messages_stored_distinct", distinctMessages);
        result.put("points_stored", rows);
        result.put("heap_max_mb", round(samples.maxHeapMb, 1));
        result.put("heap_samples", samples.count);
        result.put("pending_max", samples.maxPending);

        // the hub's own view
        Map<String, Double> batches = hub.metric("caravan.telemetry.batch.size");
        double batchCount = batches.getOrDefault("COUNT", 0.0);
        result.put("batches", Math.round(batchCount));
        result.put("batch_size_mean", batchCount == 0 ? null : round(batches.get("TOTAL") / batchCount, 1));
        OptionalDouble batchMax = hub.prometheus("caravan_telemetry_batch_size_max", "");
        result.put("batch_size_max", batchMax.isPresent() ? batchMax.getAsDouble() : null);
        Map<String, Double> latency = hub.metric("caravan.telemetry.ingest.latency");
        double latencyCount = latency.getOrDefault("COUNT", 0.0);
        result.put("ingest_latency_p50_ms", ms(hub.prometheus("caravan_telemetry_ingest_latency_seconds",
                "quantile=\"0.5\"")));
        result.put("ingest_latency_p99_ms", ms(hub.prometheus("caravan_telemetry_ingest_latency_seconds",
                "quantile=\"0.99\"")));
        result.put("ingest_latency_mean_ms", latencyCount == 0 ? null
                : round(latency.get("TOTAL_TIME") / latencyCount * 1000, 1));
        result.put("ingest_latency_max_ms", latency.containsKey("MAX") ? round(latency.get("MAX") * 1000, 1) : null);
        result.put("gc_pause_seconds", round(hub.metricValue("jvm.gc.pause", "TOTAL_TIME").orElse(0) - gcBefore, 3));
        result.put("gc_pauses", Math.round(hub.metricValue("jvm.gc.pause", "COUNT").orElse(0) - gcCountBefore));
        result.put("dead_letters", hub.metricValue("caravan.deadletters", "COUNT").orElse(0));
        result.put("hub_cpu_seconds", cpuUsed);
        Map<String, Double> threadsBefore = CpuAccounting.threadCpu(dumpBefore);
        Map<String, Double> threadsAfter = CpuAccounting.threadCpu(dumpAfter);
        result.put("hub_thread_cpu_seconds", CpuAccounting.threadGroups(threadsBefore, threadsAfter, 15));
        result.put("hub_consumer_cpu_seconds", CpuAccounting.telemetryConsumers(threadsBefore, threadsAfter));
        System.out.printf(Locale.ROOT, "  %,d of %,d stored (%,d rows) in %.2f s: %,.0f msg/s (publishers done in %.2f s)%n",
                distinctMessages, n, rows, elapsed, distinctMessages / elapsed, seconds(sent.startNanos(), sent.allAckedNanos()));
    }

    // ---------------------------------------------------------------- results

    private void derive() {
        Object hubRate = result.get("hub_msgs_per_s");
        Object brokerRate = result.get("broker_msgs_per_s");
        if (hubRate instanceof Number h && brokerRate instanceof Number b && b.doubleValue() > 0) {
            result.put("ratio", round(h.doubleValue() / b.doubleValue(), 3));
        }
        Map<String, Object> targets = new LinkedHashMap<>();
        targets.put("no_loss", ((Number) result.get("lost")).longValue() == 0);
        targets.put("points_per_s_at_least_20000", ((Number) result.get("points_per_s")).doubleValue() >= 20_000);
        targets.put("ratio_at_least_0_5", result.get("ratio") instanceof Number r && r.doubleValue() >= 0.5);
        targets.put("heap_at_most_512_mb", ((Number) result.get("heap_max_mb")).doubleValue() <= 512);
        result.put("targets_met", targets);
    }

    private void printSummary(Path json) {
        System.out.println();
        System.out.println("Result");
        line("broker only", String.format(Locale.ROOT, "%,.0f msg/s   lost %s", num("broker_msgs_per_s"),
                result.get("broker_lost")));
        line("hub (durable)", String.format(Locale.ROOT, "%,.0f msg/s   %,.0f points/s   lost %s",
                num("hub_msgs_per_s"), num("points_per_s"), result.get("lost")));
        line("ratio hub/broker", String.valueOf(result.get("ratio")));
        line("hub heap max", String.format(Locale.ROOT, "%.0f MB of -Xmx%dm (%s samples)", num("heap_max_mb"),
                options.xmxMb, result.get("heap_samples")));
        line("batches", String.format(Locale.ROOT, "%s, mean %s messages, max %s; pending max %s",
                result.get("batches"), result.get("batch_size_mean"), result.get("batch_size_max"),
                result.get("pending_max")));
        line("ingest latency", String.format(Locale.ROOT, "p50 %s ms, p99 %s ms, max %s ms (receipt -> stored)",
                result.get("ingest_latency_p50_ms"), result.get("ingest_latency_p99_ms"),
                result.get("ingest_latency_max_ms")));
        line("CPU s, broker phase", String.valueOf(result.get("broker_cpu_seconds")));
        line("CPU s, hub phase", String.valueOf(result.get("hub_cpu_seconds")));
        line("hub threads, CPU s", String.valueOf(result.get("hub_thread_cpu_seconds")));
        line("consumers, CPU s", String.valueOf(result.get("hub_consumer_cpu_seconds")));
        line("targets met", String.valueOf(result.get("targets_met")));
        line("written", json.toString());
    }

    private static void line(String label, String value) {
        System.out.printf(Locale.ROOT, "  %-20s %s%n", label, value);
    }

    private double num(String key) {
        Object v = result.get(key);
        return v instanceof Number number ? number.doubleValue() : Double.NaN;
    }

    // ---------------------------------------------------------------- payloads and settings

    /**
     * N payloads, message i from device i % K: a meter/display reading with ten numeric values and a {@code ts} in
     * epoch milliseconds, {@code firstTs + i}, unique per message (the stored rows' key, and the broker phase's
     * sequence number). Built before the measurement starts.
     */
    static byte[][] payloads(int n, int k, long firstTs) {
        Random random = new Random(42);
        double[] energy = new double[k];
        long[] uptime = new long[k];
        for (int d = 0; d < k; d++) {
            energy[d] = 1000 + random.nextInt(50_000);
            uptime[d] = random.nextInt(1_000_000);
        }
        byte[][] payloads = new byte[n][];
        for (int i = 0; i < n; i++) {
            int d = i % k;
            double voltage = 230 + random.nextGaussian() * 3;
            double current = 0.5 + random.nextDouble() * 15.5;
            double powerFactor = 0.85 + random.nextDouble() * 0.14;
            double power = voltage * current * powerFactor;
            energy[d] += power / 3_600_000;
            uptime[d] += 1;
            String json = String.format(Locale.ROOT, "{\"ts\":%d,\"voltage\":%.1f,\"current\":%.2f,\"power\":%.1f,"
                            + "\"energy\":%.3f,\"frequency\":%.3f,\"power_factor\":%.3f,\"temperature\":%.1f,"
                            + "\"cpu\":%d,\"memory\":%d,\"uptime\":%d}",
                    firstTs + i, voltage, current, power, energy[d], 50 + random.nextGaussian() * 0.02, powerFactor,
                    25 + random.nextDouble() * 20, random.nextInt(101), 256 + random.nextInt(768), uptime[d]);
            payloads[i] = json.getBytes(StandardCharsets.UTF_8);
        }
        return payloads;
    }

    private static double avgLength(byte[][] payloads) {
        long total = 0;
        for (byte[] p : payloads) {
            total += p.length;
        }
        return payloads.length == 0 ? 0 : (double) total / payloads.length;
    }

    /** For measuring what full durability costs: the embedded PostgreSQL's synchronous_commit, for the whole server. */
    private void setSynchronousCommit(Connection db, String value) throws SQLException {
        try (Statement st = db.createStatement()) {
            st.execute("alter system set synchronous_commit = '" + value.replace("'", "") + "'");
            st.execute("select pg_reload_conf()");
        }
        System.out.println("PostgreSQL synchronous_commit set to " + value + " for this run");
        @SuppressWarnings("unchecked")
        Map<String, Object> pg = (Map<String, Object>) result.get("postgres");
        pg.put("synchronous_commit", value + " (set by the benchmark)");
    }

    // ---------------------------------------------------------------- helpers

    /** Heap and backlog samples from the hub's metrics during the hub phase. */
    private static final class Samples {
        double lastHeapMb;
        double lastPending;
        double maxHeapMb;
        double maxPending;
        int count;

        void heap(HubProcess hub) {
            OptionalDouble heap = hub.metricValue("jvm.memory.used", "VALUE", "area:heap");
            if (heap.isPresent()) {
                lastHeapMb = heap.getAsDouble() / 1024 / 1024;
                maxHeapMb = Math.max(maxHeapMb, lastHeapMb);
                count++;
            }
        }

        void pending(HubProcess hub) {
            OptionalDouble pending = hub.metricValue("caravan.telemetry.pending", "VALUE");
            if (pending.isPresent()) {
                lastPending = pending.getAsDouble();
                maxPending = Math.max(maxPending, lastPending);
            }
        }
    }

    private static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }

    private static Double ms(OptionalDouble seconds) {
        return seconds.isPresent() ? round(seconds.getAsDouble() * 1000, 1) : null;
    }

    static double round(double value, int decimals) {
        return CpuAccounting.round(value, decimals);
    }

    /** Command-line options. */
    static final class Options {
        static final String USAGE = """
                usage: IngestBenchmark [N] [K] [--messages=N] [--devices=K] [--consumers=C] [--xmx-mb=512]
                                       [--synchronous-commit=on|off] [--idle-s=60] [--no-thread-dumps]
                                       [--tcp-nodelay] [--jar=target/caravan.jar]
                                       [--mqtt-url=tcp://host:port  an outside broker instead of the embedded one]
                                       [--caravan.<setting>=<value> ...  passed to the hub]
                  N  messages in total (default 100000), K  publishing devices (default 100),
                  C  the hub's shared-subscription telemetry consumers (default: the hub's own, 4)""";

        int messages = 100_000;
        int devices = 100;
        int consumers;
        int xmxMb = 512;
        String synchronousCommit;
        Duration idle = Duration.ofSeconds(60);
        Duration maxWait = Duration.ofMinutes(30);
        boolean threadDumps = true;
        boolean tcpNoDelay;
        Path jar = Path.of("target", "caravan.jar");
        String mqttUrl;
        final List<String> hubArgs = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            int positional = 0;
            for (String arg : args) {
                if (arg.startsWith("--caravan.") || arg.startsWith("--spring.") || arg.startsWith("--logging.")) {
                    o.hubArgs.add(arg);
                } else if (arg.startsWith("--messages=")) {
                    o.messages = positiveInt(arg);
                } else if (arg.startsWith("--devices=")) {
                    o.devices = positiveInt(arg);
                } else if (arg.startsWith("--consumers=")) {
                    o.consumers = positiveInt(arg);
                } else if (arg.startsWith("--xmx-mb=")) {
                    o.xmxMb = positiveInt(arg);
                } else if (arg.startsWith("--synchronous-commit=")) {
                    o.synchronousCommit = value(arg);
                } else if (arg.startsWith("--idle-s=")) {
                    o.idle = Duration.ofSeconds(positiveInt(arg));
                } else if (arg.startsWith("--mqtt-url=")) {
                    o.mqttUrl = value(arg);
                } else if (arg.startsWith("--jar=")) {
                    o.jar = Path.of(value(arg));
                } else if (arg.equals("--tcp-nodelay")) {
                    o.tcpNoDelay = true;
                } else if (arg.equals("--no-thread-dumps")) {
                    o.threadDumps = false;
                } else if (!arg.startsWith("-") && positional < 2) {
                    int value = positiveInt("=" + arg);
                    if (positional++ == 0) {
                        o.messages = value;
                    } else {
                        o.devices = value;
                    }
                } else {
                    throw new IllegalArgumentException("unknown argument: " + arg);
                }
            }
            if (o.devices > o.messages) {
                throw new IllegalArgumentException("more devices (" + o.devices + ") than messages (" + o.messages
                        + ")");
            }
            return o;
        }

        private static String value(String arg) {
            return arg.substring(arg.indexOf('=') + 1);
        }

        private static int positiveInt(String arg) {
            try {
                int value = Integer.parseInt(value(arg).replace("_", ""));
                if (value <= 0) {
                    throw new NumberFormatException();
                }
                return value;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a positive number: " + arg);
            }
        }
    }
}
