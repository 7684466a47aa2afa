package dev.caravan.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.digitalpetri.modbus.client.ModbusTcpClient;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersRequest;
import com.digitalpetri.modbus.tcp.client.NettyTcpClientTransport;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import dev.caravan.component.modbus.ModbusComponent;
import dev.caravan.runtime.FreePorts;

/**
 * The Modbus benchmark (tests/bench/modbus.sh, docs/benchmarks.md): K simulated devices (default 100) of R holding
 * registers (default 50) served by Debian's pymodbus on P ports (default 4, devices spread over them as unit ids),
 * polled by the modbus: component in this JVM.
 * <ol>
 *   <li>scheduled: every device at 1 s for D seconds, each poll's values marshalled to JSON as the gateway route
 *       does: achieved reads/s, p50/p99/max schedule jitter, CPU of this JVM (the component and the routes; no
 *       broker or database: publishing is the ingest benchmark's);</li>
 *   <li>saturated: every device at 1 ms, so that the connections are never idle, the route only counting: the
 *       component's own reads/s;</li>
 *   <li>raw: a plain digitalpetri client per port reading the same registers in a loop, one request in flight
 *       per connection like the component: reads/s. The ratio saturated/raw is the component's overhead.</li>
 *   <li>hub: a whole hub (target/caravan.jar) with the devices registered (protocol modbus) polls them at 1 s through
 *       its modbus-poll routes, publishing and storing the telemetry: messages stored per second and the CPU of the
 *       hub's JVM, PostgreSQL and Redis.</li>
 * </ol>
 * Writes target/bench/modbus.json.
 */
public final class ModbusBenchmark {

    private static final String USAGE = "tests/bench/modbus.sh [devices] [registers] [seconds] [ports]";

    private final int devices;
    private final int registers;
    private final int seconds;
    private final int ports;

    private ModbusBenchmark(int devices, int registers, int seconds, int ports) {
        this.devices = devices;
        this.registers = registers;
        this.seconds = seconds;
        this.ports = ports;
    }

    public static void main(String[] args) throws Exception {
        try {
            int devices = args.length > 0 ? Integer.parseInt(args[0]) : 100;
            int registers = args.length > 1 ? Integer.parseInt(args[1]) : 50;
            int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
            int ports = args.length > 3 ? Integer.parseInt(args[3]) : 4;
            new ModbusBenchmark(devices, registers, seconds, ports).run();
            System.exit(0);
        } catch (NumberFormatException e) {
            System.err.println(USAGE);
            System.exit(2);
        }
    }

    private void run() throws Exception {
        Path out = Files.createDirectories(Path.of("target/bench"));
        Path profiles = Files.createTempDirectory("modbus-bench-");
        List<Integer> portList = new ArrayList<>();
        for (int p = 0; p < ports; p++) {
            portList.add(FreePorts.pick());
        }
        int unitsPerPort = (devices + ports - 1) / ports;
        Process server = startServer(portList, unitsPerPort);
        try {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("when", Instant.now().toString());
            result.put("devices", devices);
            result.put("registers_per_device", registers);
            result.put("ports", ports);
            result.put("seconds_per_phase", seconds);
            result.put("server", "Debian python3-pymodbus (tests/modbus/server.py), one process");
            result.put("scheduled_1s", polled(profiles, portList, unitsPerPort, "1s", true));
            Map<String, Object> saturated = polled(profiles, portList, unitsPerPort, "1ms", false);
            result.put("saturated", saturated);
            Map<String, Object> raw = raw(portList, unitsPerPort);
            result.put("raw_digitalpetri", raw);
            result.put("saturated_over_raw", round((double) saturated.get("reads_per_second")
                    / (double) raw.get("reads_per_second")));
            result.put("hub_1s", hub(profiles, portList));
            String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result);
            Files.writeString(out.resolve("modbus.json"), json);
            System.out.println(json);
            System.out.println("written target/bench/modbus.json");
        } finally {
            server.destroyForcibly();
        }
    }

    private Process startServer(List<Integer> portList, int unitsPerPort) throws IOException, InterruptedException {
        StringBuilder units = new StringBuilder();
        for (int u = 1; u <= unitsPerPort; u++) {
            units.append(u == 1 ? "" : ",").append(u);
        }
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "tests/modbus/server.py", "--units",
                units.toString(), "--size", String.valueOf(Math.max(registers, 100))));
        portList.forEach(p -> command.addAll(List.of("--port", String.valueOf(p))));
        Process process = new ProcessBuilder(command).inheritIO().start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!portList.stream().allMatch(ModbusBenchmark::listening)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the pymodbus server did not start: see its output above"
                        + " (python3-pymodbus installed for /usr/bin/python3?)");
            }
            Thread.sleep(100);
        }
        return process;
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The component polling every device at {@code interval} for the phase; figures from its stats. */
    private Map<String, Object> polled(Path profiles, List<Integer> portList, int unitsPerPort, String interval,
                                       boolean marshal) throws Exception {
        StringBuilder yaml = new StringBuilder("maxGap: 0\ngroups:\n  all: {interval: " + interval
                + ", report: every-poll}\npoints:\n");
        for (int r = 0; r < registers; r++) {
            yaml.append("  - {name: r").append(r).append(", table: holding, address: ").append(r)
                    .append(", type: uint16}\n");
        }
        String profile = "bench-" + interval;
        Files.writeString(profiles.resolve(profile + ".yaml"), yaml);
        CamelContext camel = new DefaultCamelContext();
        ModbusComponent component = new ModbusComponent();
        component.setProfilesDir(profiles.toString());
        camel.addComponent("modbus", component);
        AtomicLong messages = new AtomicLong();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                for (int d = 0; d < devices; d++) {
                    int port = portList.get(d % ports);
                    int unit = d / ports + 1;
                    var route = from("modbus:127.0.0.1:" + port + "?unitId=" + unit + "&profile=" + profile
                            + "&deviceId=bench-" + d + "&requestTimeout=5s").routeId("bench-" + d);
                    if (marshal) {
                        route.marshal().json();
                    }
                    route.process(e -> messages.incrementAndGet());
                }
            }
        });
        camel.start();
        // the first polls connect: measure from a steady state
        Thread.sleep(3000);
        long reads0 = component.stats().reads();
        long failed0 = component.stats().failedReads();
        long skipped0 = component.stats().skippedPolls();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long cpu = processCpuNanos() - cpu0;
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("interval", interval);
        figures.put("route", marshal ? "marshal to JSON, count" : "count");
        figures.put("reads_per_second", round((component.stats().reads() - reads0) / elapsed));
        figures.put("expected_reads_per_second", interval.equals("1s") ? (double) devices : null);
        figures.put("failed_reads", component.stats().failedReads() - failed0);
        figures.put("skipped_polls", component.stats().skippedPolls() - skipped0);
        figures.put("jitter_ms_p50", round(component.stats().jitterPercentileMillis(50)));
        figures.put("jitter_ms_p99", round(component.stats().jitterPercentileMillis(99)));
        figures.put("jitter_ms_max", round(component.stats().jitterPercentileMillis(100)));
        figures.put("jvm_cpu_seconds", round(cpu / 1e9));
        figures.put("jvm_cpu_percent_of_one_core", round(100.0 * cpu / 1e9 / elapsed));
        figures.put("messages_to_routes", messages.get());
        camel.stop();
        return figures;
    }

    /**
     * A whole hub (the jar, its embedded broker, PostgreSQL and Redis) polling every device at 1 s from the registry
     * (protocol modbus, the modbus-poll route, telemetry published and stored): the hub's CPU and what it stored.
     */
    private Map<String, Object> hub(Path profiles, List<Integer> portList) throws Exception {
        StringBuilder yaml = new StringBuilder("maxGap: 0\ngroups:\n  all: {interval: 1s, report: every-poll}\n"
                + "points:\n");
        for (int r = 0; r < registers; r++) {
            yaml.append("  - {name: r").append(r).append(", table: holding, address: ").append(r)
                    .append(", type: uint16}\n");
        }
        Files.writeString(profiles.resolve("bench-hub.yaml"), yaml);
        System.out.println();
        System.out.println("Phase: a whole hub polls the " + devices + " devices at 1 s from its registry");
        try (HubUnderTest hub = new HubUnderTest(new HubProcess(Path.of("target/caravan.jar"),
                Path.of("target/bench/hub-modbus.log"), 512, 0, null,
                List.of("--caravan.modbus.profiles-dir=" + profiles)))) {
            hub.start(Duration.ofMinutes(3));
            HubProcess process = hub.process();
            HttpClient http = HttpClient.newHttpClient();
            for (int d = 0; d < devices; d++) {
                String body = "{\"id\":\"bench-hub-" + d + "\",\"type\":\"meter\",\"protocol\":\"modbus\","
                        + "\"metadata\":{\"host\":\"127.0.0.1\",\"port\":" + portList.get(d % ports)
                        + ",\"unitId\":" + (d / ports + 1) + ",\"profile\":\"bench-hub\"}}";
                HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                                + process.apiPort + "/api/devices")).header("X-API-Key", HubProcess.API_KEY)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (created.statusCode() != 201) {
                    throw new IllegalStateException("registering a device answered " + created.statusCode() + ": "
                            + created.body());
                }
            }
            // the registry is read every caravan.modbus.registry-sync-interval; the first polls connect
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            double rate = 0;
            while (rate < 0.95 * devices && System.nanoTime() < deadline) {
                double before = process.metricValue("caravan.telemetry.messages.stored", "COUNT").orElse(0);
                Thread.sleep(2000);
                rate = (process.metricValue("caravan.telemetry.messages.stored", "COUNT").orElse(0) - before) / 2;
            }
            double storedBefore = process.metricValue("caravan.telemetry.messages.stored", "COUNT").orElse(0);
            Map<String, Double> cpuBefore = hub.cpu().snapshot();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            Map<String, Double> cpu = CpuAccounting.minus(hub.cpu().snapshot(), cpuBefore);
            double stored = process.metricValue("caravan.telemetry.messages.stored", "COUNT").orElse(0)
                    - storedBefore;
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("telemetry_messages_stored_per_second", round(stored / elapsed));
            figures.put("expected_per_second", (double) devices);
            figures.put("cpu_seconds", cpu);
            Double hubCpu = cpu.get("hub_jvm");
            figures.put("hub_jvm_cpu_percent_of_one_core", hubCpu == null ? null : round(100 * hubCpu / elapsed));
            System.out.printf(Locale.ROOT, "  %.1f telemetry messages/s stored (of %d expected); CPU %s%n",
                    stored / elapsed, devices, cpu);
            return figures;
        }
    }

    /** A plain digitalpetri client per port, each reading its devices' registers in a loop, one at a time. */
    private Map<String, Object> raw(List<Integer> portList, int unitsPerPort) throws Exception {
        AtomicLong reads = new AtomicLong();
        long stopAt = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> loops = new ArrayList<>();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        for (int port : portList) {
            ModbusTcpClient client = ModbusTcpClient.create(NettyTcpClientTransport.create(c -> {
                c.setHostname("127.0.0.1");
                c.setPort(port);
            }));
            client.connect();
            Thread loop = new Thread(() -> {
                int unit = 1;
                try {
                    while (System.nanoTime() < stopAt) {
                        client.readHoldingRegisters(unit, new ReadHoldingRegistersRequest(0, registers));
                        reads.incrementAndGet();
                        unit = unit % unitsPerPort + 1;
                    }
                    client.disconnect();
                } catch (Exception e) {
                    System.err.println("raw client on port " + port + ": " + e);
                }
            }, "raw-" + port);
            loop.start();
            loops.add(loop);
        }
        for (Thread loop : loops) {
            loop.join();
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("reads_per_second", round(reads.get() / elapsed));
        figures.put("jvm_cpu_percent_of_one_core", round(100.0 * (processCpuNanos() - cpu0) / 1e9 / elapsed));
        return figures;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
