package dev.caravan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.caravan.component.modbus.connection.ConnectionSettings;
import dev.caravan.component.modbus.connection.ModbusConnection;
import dev.caravan.component.modbus.connection.ModbusConnections;
import dev.caravan.component.modbus.connection.Transport;
import dev.caravan.component.sunspec.BenchmarkInverter;
import dev.caravan.component.sunspec.DeviceReading;
import dev.caravan.component.sunspec.DiscoveryResult;
import dev.caravan.component.sunspec.ModbusRegisterReader;
import dev.caravan.component.sunspec.RegisterReader;
import dev.caravan.component.sunspec.SunSpecDeviceReader;
import dev.caravan.component.sunspec.SunSpecDiscovery;
import dev.caravan.component.sunspec.SunSpecModels;
import dev.caravan.component.sunspec.SunSpecTelemetryMapper;
import dev.caravan.component.sunspec.TelemetryMapping;
import dev.caravan.testing.PymodbusServer;

/**
 * The SunSpec benchmark (tests/bench/sunspec.sh, docs/benchmarks.md): a device with models 1, 103, 120, 160 (4
 * modules) and 704 served by Debian's pymodbus; over one Modbus TCP connection as the sunspec: component uses it,
 * the time of a discovery (SunS, the chain of headers) and of a full read (every model read, decoded and mapped to
 * telemetry), each repeated R times (default 50) after 5 unmeasured rounds; medians, p90, min, max and the Modbus
 * requests each took. Writes target/bench/sunspec.json.
 */
public final class SunSpecBenchmark {

    private static final int WARM_UP = 5;

    private SunSpecBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs;
        try {
            runs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        } catch (NumberFormatException e) {
            System.err.println("tests/bench/sunspec.sh [runs]");
            System.exit(2);
            return;
        }
        run(runs);
        System.exit(0);
    }

    private static void run(int runs) throws IOException {
        SunSpecModels models = SunSpecModels.load(null);
        SunSpecTelemetryMapper mapper = new SunSpecTelemetryMapper(TelemetryMapping.load(Path.of("no-such-file")));
        ModbusConnections connections = new ModbusConnections();
        try (PymodbusServer server = BenchmarkInverter.start()) {
            ModbusConnection connection = connections.acquire(new ConnectionSettings(Transport.TCP, "127.0.0.1",
                    server.port(), Duration.ofSeconds(5), Duration.ofSeconds(5), 1, null));
            AtomicInteger requests = new AtomicInteger();
            ModbusRegisterReader modbus = new ModbusRegisterReader(connection, BenchmarkInverter.UNIT);
            RegisterReader counted = (address, count) -> {
                requests.incrementAndGet();
                return modbus.read(address, count);
            };
            SunSpecDiscovery discovery = new SunSpecDiscovery(models);
            DiscoveryResult found = discovery.discover(counted);
            if (!found.complete() || !found.events().isEmpty()) {
                throw new IllegalStateException("the benchmark device is not whole: " + found.events());
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("when", Instant.now().toString());
            result.put("server", "Debian python3-pymodbus (tests/modbus/server.py), Modbus TCP on 127.0.0.1");
            result.put("models", found.modelIds());
            result.put("registers", found.models().stream().mapToInt(m -> m.length() + 2).sum());
            result.put("runs", runs);
            result.put("discovery", measure(runs, requests, () -> discovery.discover(counted)));
            int[] keys = new int[1];
            result.put("full_read", measure(runs, requests, () -> {
                DeviceReading reading = SunSpecDeviceReader.read(counted, found.models());
                keys[0] = mapper.toTelemetry(reading.models()).size();
            }));
            result.put("telemetry_keys", keys[0]);
            connections.release(connection);
            String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result);
            Files.createDirectories(Path.of("target/bench"));
            Files.writeString(Path.of("target/bench/sunspec.json"), json);
            System.out.println(json);
            System.out.println("written target/bench/sunspec.json");
        }
    }

    /** Times {@code round} after the warm-up: milliseconds (median, p90, min, max) and requests per round. */
    private static Map<String, Object> measure(int runs, AtomicInteger requests, Runnable round) {
        for (int i = 0; i < WARM_UP; i++) {
            round.run();
        }
        List<Double> millis = new ArrayList<>();
        requests.set(0);
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            round.run();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(millis);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("median_ms", round(millis.get(millis.size() / 2)));
        figures.put("p90_ms", round(millis.get((int) Math.ceil(millis.size() * 0.9) - 1)));
        figures.put("min_ms", round(millis.get(0)));
        figures.put("max_ms", round(millis.get(millis.size() - 1)));
        figures.put("modbus_requests", requests.get() / runs);
        return figures;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
