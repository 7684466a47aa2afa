package dev.caravan.component.sunspec;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/** Test side: a Camel context with the sunspec: component alone (no hub), and what each polling route received. */
final class SunSpecRig implements AutoCloseable {

    /** One message of the consumer: its kind, body and headers. */
    record Received(String kind, Map<String, Object> body, Map<String, Object> headers) {
    }

    final CamelContext camel = new DefaultCamelContext();
    final SunSpecComponent component = new SunSpecComponent();

    SunSpecRig() {
        camel.addComponent("sunspec", component);
        camel.start();
    }

    /** Polls unit {@code unitId} of the server on {@code port} every 200 ms; returns what the route receives. */
    List<Received> poll(int port, int unitId, String options) throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri(port, unitId) + "&interval=200ms&backoffInitial=200ms&backoffMax=400ms" + options)
                        .process(e -> received.add(new Received(
                                e.getMessage().getHeader(SunSpecConstants.KIND, String.class),
                                e.getMessage().getBody(Map.class), Map.copyOf(e.getMessage().getHeaders()))));
            }
        });
        return received;
    }

    static String uri(int port, int unitId) {
        return "sunspec:127.0.0.1:" + port + "?unitId=" + unitId + "&deviceId=inverter-" + unitId;
    }

    ProducerTemplate producer() {
        return camel.createProducerTemplate();
    }

    static List<Received> of(List<Received> received, String kind) {
        return received.stream().filter(r -> kind.equals(r.kind())).toList();
    }

    @Override
    public void close() {
        camel.stop();
    }
}
