package dev.caravan.component.modbus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A Camel context with the modbus: component alone (no hub), test profiles in a temporary folder, and what each
 * polling route received.
 */
final class ModbusRig implements AutoCloseable {

    /** A device type for the tests: one of each table, a fast on-change group. */
    static final String TEST_METER = """
            groups:
              fast: {interval: 200ms, report: on-change}
            points:
              - {name: voltage, table: input, address: 0, type: float32, group: fast}
              - {name: setpoint, table: holding, address: 10, type: int16, scale: 0.1, group: fast, writable: true}
              - {name: relay1, table: coil, address: 3, group: fast, writable: true}
              - {name: door, table: discrete_input, address: 1, group: fast}
            """;

    /** A register the test server does not have (it has 1000 of each table). */
    static final String OUT_OF_RANGE = """
            groups:
              fast: {interval: 200ms}
              far: {interval: 200ms}
            points:
              - {name: voltage, table: input, address: 0, type: float32, group: fast}
              - {name: beyond, table: holding, address: 5000, group: far}
            """;

    final CamelContext camel = new DefaultCamelContext();
    final ModbusComponent component = new ModbusComponent();
    final Path profiles;

    ModbusRig() throws IOException {
        profiles = Files.createTempDirectory("modbus-profiles-");
        Files.writeString(profiles.resolve("test-meter.yaml"), TEST_METER);
        Files.writeString(profiles.resolve("out-of-range.yaml"), OUT_OF_RANGE);
        for (String shipped : List.of("eastron-sdm120", "waveshare-relay-8ch")) {
            Files.copy(Path.of("adapters/modbus", shipped + ".yaml"), profiles.resolve(shipped + ".yaml"));
        }
        component.setProfilesDir(profiles.toString());
        camel.addComponent("modbus", component);
        camel.start();
    }

    /** Starts a route polling {@code uri}; returns what it receives, in order. */
    Received poll(String routeId, String uri) throws Exception {
        Received received = new Received();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId(routeId).process(e -> received.add(
                        e.getMessage().getHeader(ModbusConstants.KIND, String.class),
                        asMap(e.getMessage().getBody(Map.class))));
            }
        });
        return received;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Map<?, ?> body) {
        return (Map<String, Object>) body;
    }

    ProducerTemplate producer() {
        return camel.createProducerTemplate();
    }

    @Override
    public void close() {
        camel.stop();
    }

    /** The messages of a polling route. */
    static final class Received {

        record Message(String kind, Map<String, Object> body) {
        }

        private final List<Message> messages = new CopyOnWriteArrayList<>();

        void add(String kind, Map<String, Object> body) {
            messages.add(new Message(kind, body));
        }

        List<Map<String, Object>> of(String kind) {
            return messages.stream().filter(m -> m.kind().equals(kind)).map(Message::body).toList();
        }

        List<Message> all() {
            return List.copyOf(messages);
        }

        /** The newest value of a telemetry key, or null. */
        Object latest(String key) {
            List<Map<String, Object>> telemetry = of("telemetry");
            for (int i = telemetry.size() - 1; i >= 0; i--) {
                if (telemetry.get(i).containsKey(key)) {
                    return telemetry.get(i).get(key);
                }
            }
            return null;
        }

        List<Object> states() {
            return of("status").stream().map(m -> m.get("state")).map(Object.class::cast).toList();
        }
    }
}
