package dev.caravan.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.caravan.envelope.DeviceEnvelopes;

/**
 * The ingest benchmark with advanced security off and on, in one run against one hub: K registered devices publish N
 * telemetry messages at QoS 1 as plain JSON, then K other registered devices, each with its key, publish the same N
 * payloads sealed in envelopes (sealed before the measurement). Each rate is published → durable in PostgreSQL. A
 * warm-up phase (plain, N/5) runs first; then off, on, on, off, each mode's rate the mean of its two phases, so that
 * the JIT's warm-up and the machine's drift weigh on both alike. Prints both rates and the loss and writes
 * {@code target/bench/security.json}; exits 1 when a message was lost or dead-lettered.
 *
 * <pre>tests/bench/security.sh [N] [K] [--xmx-mb=M] [--jar=path] [--caravan.&lt;setting&gt;=&lt;value&gt; ...]</pre>
 */
public final class SecurityBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int n;
    private final int k;
    private final int xmxMb;
    private final Path jar;
    private final List<String> hubArgs;
    private final String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private final Map<String, Object> result = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SecurityBenchmark(int n, int k, int xmxMb, Path jar, List<String> hubArgs) {
        this.n = n;
        this.k = k;
        this.xmxMb = xmxMb;
        this.jar = jar;
        this.hubArgs = hubArgs;
    }

    public static void main(String[] args) throws Exception {
        int n = 50_000;
        int k = 100;
        int xmx = 512;
        Path jar = Path.of("target", "caravan.jar");
        List<String> hubArgs = new ArrayList<>();
        int positional = 0;
        for (String arg : args) {
            if (arg.startsWith("--caravan.")) {
                hubArgs.add(arg);
            } else if (arg.startsWith("--xmx-mb=")) {
                xmx = Integer.parseInt(arg.substring(arg.indexOf('=') + 1));
            } else if (arg.startsWith("--jar=")) {
                jar = Path.of(arg.substring(arg.indexOf('=') + 1));
            } else if (!arg.startsWith("-") && positional < 2) {
                if (positional++ == 0) {
                    n = Integer.parseInt(arg);
                } else {
                    k = Integer.parseInt(arg);
                }
            } else {
                throw new IllegalArgumentException("unknown argument: " + arg
                        + " (tests/bench/security.sh [N] [K] [--xmx-mb=M] [--jar=path] [--caravan.x=y])");
            }
        }
        System.exit(new SecurityBenchmark(n, k, xmx, jar, hubArgs).measure());
    }

    private int measure() throws Exception {
        Path out = Path.of("target", "bench");
        Files.createDirectories(out);
        result.put("date", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
        result.put("messages", n);
        result.put("devices", k);
        result.put("points_per_message", IngestBenchmark.KEYS.length);
        result.put("qos", 1);
        result.put("xmx_mb", xmxMb);
        result.put("hub_jar", jar.toString());
        result.put("hub_args", hubArgs);
        result.put("machine", HubUnderTest.machine());
        System.out.printf(Locale.ROOT, "Security benchmark: %,d telemetry messages from %d devices, advanced security"
                + " off and on%n", n, k);
        try (HubUnderTest hub = new HubUnderTest(new HubProcess(jar, out.resolve("hub-security.log"), xmxMb, 0,
                null, hubArgs))) {
            hub.start(Duration.ofMinutes(3));
            result.put("postgres", hub.postgres());
            phase(hub, "warm-up", "warm", Math.max(1000, n / 5), false);
            // off, on, on, off: each mode once early and once late, so that warm-up and drift weigh on both alike
            List<Map<String, Object>> plain = new ArrayList<>();
            List<Map<String, Object>> sealed = new ArrayList<>();
            plain.add(phase(hub, "advanced security off (1 of 2)", "plain1", n, false));
            sealed.add(phase(hub, "advanced security on (1 of 2)", "adv1", n, true));
            sealed.add(phase(hub, "advanced security on (2 of 2)", "adv2", n, true));
            plain.add(phase(hub, "advanced security off (2 of 2)", "plain2", n, false));
            result.put("plain_phases", plain);
            result.put("advanced_phases", sealed);
            double plainRate = mean(plain, "msgs_per_s");
            double sealedRate = mean(sealed, "msgs_per_s");
            result.put("plain_msgs_per_s", round(plainRate, 0));
            result.put("advanced_msgs_per_s", round(sealedRate, 0));
            result.put("ratio", round(sealedRate / plainRate, 3));
            result.put("throughput_loss_pct", round(100 * (1 - sealedRate / plainRate), 1));
            long lost = Math.round(sum(plain, "lost") + sum(sealed, "lost"));
            double deadLetters = sum(plain, "dead_letters") + sum(sealed, "dead_letters");
            result.put("target_met", Map.of("loss_at_most_20_pct", sealedRate >= 0.8 * plainRate,
                    "nothing_lost", lost == 0 && deadLetters == 0));
            Path json = out.resolve("security.json");
            Files.writeString(json, JSON.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result) + "\n");
            System.out.println();
            System.out.printf(Locale.ROOT, "Result%n  advanced security off  %,9.0f msg/s (%,.0f points/s)%n"
                            + "  advanced security on   %,9.0f msg/s (%,.0f points/s)%n"
                            + "  ratio %.3f, throughput loss %.1f %% (target <= 20 %%), lost %d, dead letters %.0f%n"
                            + "  written %s%n", plainRate, plainRate * 10, sealedRate, sealedRate * 10,
                    sealedRate / plainRate, 100 * (1 - sealedRate / plainRate), lost, deadLetters, json);
            return lost == 0 && deadLetters == 0 ? 0 : 1;
        }
    }

    /** One phase: registers K devices (with keys when sealed), publishes N messages, waits until all are stored. */
    private Map<String, Object> phase(HubUnderTest hub, String title, String name, int messages, boolean sealed)
            throws Exception {
        HubProcess process = hub.process();
        System.out.println();
        System.out.println("Phase: " + title + " (" + messages + " messages)");
        List<String> ids = new ArrayList<>();
        List<DeviceEnvelopes> envelopes = new ArrayList<>();
        for (int d = 0; d < k; d++) {
            String id = String.format(Locale.ROOT, "sec-%s-%s-%04d", run, name, d);
            ids.add(id);
            api(process, "POST", "/api/devices", "{\"id\":\"" + id + "\",\"type\":\"meter\"}", 201);
            if (sealed) {
                JsonNode key = api(process, "POST", "/api/devices/" + id + "/keys", "", 201);
                envelopes.add(new DeviceEnvelopes(id, key.get("version").asInt(),
                        Base64.getDecoder().decode(key.get("key").asText())));
            }
        }
        long firstTs = Instant.now().truncatedTo(ChronoUnit.SECONDS).toEpochMilli() - 10L * messages;
        byte[][] payloads = IngestBenchmark.payloads(messages, k, firstTs);
        long sealing = System.nanoTime();
        if (sealed) {
            for (int i = 0; i < messages; i++) {
                String id = ids.get(i % k);
                payloads[i] = envelopes.get(i % k).seal("device/" + id + "/telemetry", payloads[i]);
            }
        }
        double sealSeconds = (System.nanoTime() - sealing) / 1e9;
        double storedBefore = process.metricValue("caravan.telemetry.messages.stored", "COUNT").orElse(0);
        double deadBefore = process.metricValue("caravan.deadletters", "COUNT").orElse(0);
        Map<String, Double> cpuBefore = hub.cpu().snapshot();
        AtomicLong started = new AtomicLong();
        SimulatedDevices.Run sent;
        long storedAt;
        try (SimulatedDevices devices = new SimulatedDevices(process.brokerUrl(), ids, true)) {
            sent = devices.publish("device/%s/telemetry", payloads, Duration.ofMinutes(10), started::set);
            storedAt = awaitStored(process, storedBefore, messages);
        }
        Map<String, Double> cpu = CpuAccounting.minus(hub.cpu().snapshot(), cpuBefore);
        long distinct;
        try (Statement st = hub.db().createStatement();
             ResultSet rs = st.executeQuery("select count(distinct (device_id, ts)) from telemetry where device_id"
                     + " like 'sec-" + run + "-" + name + "-%'")) {
            rs.next();
            distinct = rs.getLong(1);
        }
        double seconds = (storedAt - sent.startNanos()) / 1e9;
        Map<String, Object> phase = new LinkedHashMap<>();
        phase.put("msgs_per_s", round(distinct / seconds, 0));
        phase.put("points_per_s", round(distinct * IngestBenchmark.KEYS.length / seconds, 0));
        phase.put("seconds", round(seconds, 3));
        phase.put("stored", distinct);
        phase.put("lost", messages - distinct);
        phase.put("dead_letters", process.metricValue("caravan.deadletters", "COUNT").orElse(0) - deadBefore);
        phase.put("publish_failures", sent.failed());
        phase.put("payload_bytes_avg", Math.round(java.util.Arrays.stream(payloads).mapToInt(p -> p.length)
                .average().orElse(0)));
        phase.put("driver_seal_seconds", round(sealSeconds, 3));
        phase.put("cpu_seconds", cpu);
        System.out.printf(Locale.ROOT, "  %,d of %,d stored in %.2f s: %,.0f msg/s; dead letters %.0f; CPU %s%n",
                distinct, messages, seconds, distinct / seconds, phase.get("dead_letters"), cpu);
        return phase;
    }

    /** Polls the hub's stored-messages counter until {@code messages} more are stored; returns when (nanoTime). */
    private static long awaitStored(HubProcess hub, double before, int messages) throws InterruptedException {
        long lastProgress = System.nanoTime();
        double stored = 0;
        long storedAt = System.nanoTime();
        while (stored < messages) {
            Thread.sleep(stored >= 0.95 * messages ? 50 : 250);
            OptionalDouble count = hub.metricValue("caravan.telemetry.messages.stored", "COUNT");
            long now = System.nanoTime();
            if (count.isPresent() && count.getAsDouble() - before > stored) {
                stored = count.getAsDouble() - before;
                storedAt = now;
                lastProgress = now;
            }
            if (now - lastProgress > 60_000_000_000L) {
                System.out.printf(Locale.ROOT, "  no progress for 60 s at %,.0f of %,d: giving up%n", stored,
                        messages);
                break;
            }
        }
        return storedAt;
    }

    private JsonNode api(HubProcess hub, String method, String path, String body, int expected) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                        + hub.apiPort + path)).header("X-API-Key", HubProcess.API_KEY)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** The mean of two phases' figures (the median of two). */
    private static double mean(List<Map<String, Object>> phases, String key) {
        return sum(phases, key) / phases.size();
    }

    private static double sum(List<Map<String, Object>> phases, String key) {
        return phases.stream().mapToDouble(p -> ((Number) p.get(key)).doubleValue()).sum();
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
