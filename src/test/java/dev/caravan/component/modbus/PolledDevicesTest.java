package dev.caravan.component.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PolledDevicesTest {

    private CamelContext camel;
    private Endpoint endpoint;

    @BeforeEach
    void camelWithAStoppedCommandsRoute() throws Exception {
        camel = new DefaultCamelContext();
        // as in the hub (camel.routecontroller.enabled), where getRoute does not know a route that was never started
        camel.getRouteController().supervising();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:commands").routeId("commands").autoStartup(false).to("log:commands");
            }
        });
        camel.start();
        endpoint = camel.getEndpoint("direct:device");
    }

    @AfterEach
    void stopCamel() {
        camel.stop();
    }

    @Test
    void theFirstPolledDeviceStartsTheCommandsRoute() throws Exception {
        PolledDevices<Endpoint> devices = new PolledDevices<>();

        devices.polling("meter-1", endpoint, camel, "commands");

        assertThat(camel.getRouteController().getRouteStatus("commands")).isEqualTo(ServiceStatus.Started);
        assertThat(devices.get("meter-1")).contains(endpoint);
    }

    @Test
    void theCommandsRouteKeepsRunningWhenTheLastDeviceStopsBeingPolled() throws Exception {
        PolledDevices<Endpoint> devices = new PolledDevices<>();
        devices.polling("meter-1", endpoint, camel, "commands");
        devices.polling("meter-2", endpoint, camel, "commands");

        devices.stoppedPolling("meter-1", endpoint);
        devices.stoppedPolling("meter-2", endpoint);

        assertThat(devices.get("meter-1")).isEmpty();
        assertThat(camel.getRouteController().getRouteStatus("commands")).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void aComponentWithoutACommandsRouteStillKnowsItsDevices() throws Exception {
        PolledDevices<Endpoint> devices = new PolledDevices<>();

        devices.polling("meter-1", endpoint, camel, "no-such-route");
        devices.polling("meter-2", endpoint, camel, "");

        assertThat(devices.get("meter-1")).contains(endpoint);
        assertThat(devices.get("meter-2")).contains(endpoint);
        assertThat(camel.getRouteController().getRouteStatus("commands")).isEqualTo(ServiceStatus.Stopped);
    }

    @Test
    void aCommandsRouteThatCannotStartFailsThePollingSoThatTheDevicesRouteIsRetriedAndStartsItLater()
            throws Exception {
        AtomicBoolean brokerDown = new AtomicBoolean(true);
        camel.addComponent("broker", new BrokerComponent(brokerDown));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("broker:device/+/command").routeId("mqtt-commands").autoStartup(false).to("log:commands");
            }
        });
        PolledDevices<Endpoint> devices = new PolledDevices<>();

        // the device's consumer fails to start with it, and the route controller retries that route
        assertThatThrownBy(() -> devices.polling("meter-1", endpoint, camel, "mqtt-commands"))
                .hasStackTraceContaining("broker unreachable");
        assertThat(camel.getRouteController().getRouteStatus("mqtt-commands").isStarted()).isFalse();

        brokerDown.set(false);
        devices.polling("meter-1", endpoint, camel, "mqtt-commands");

        assertThat(camel.getRouteController().getRouteStatus("mqtt-commands")).isEqualTo(ServiceStatus.Started);
    }

    /** Endpoints whose consumers cannot start while the broker is down, as an MQTT consumer's connect fails. */
    private static final class BrokerComponent extends DefaultComponent {
        private final AtomicBoolean down;

        BrokerComponent(AtomicBoolean down) {
            this.down = down;
        }

        @Override
        protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
            return new DefaultEndpoint(uri, this) {
                @Override
                public Producer createProducer() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public Consumer createConsumer(Processor processor) {
                    return new DefaultConsumer(this, processor) {
                        @Override
                        protected void doStart() throws Exception {
                            if (down.get()) {
                                throw new IllegalStateException("broker unreachable");
                            }
                            super.doStart();
                        }
                    };
                }
            };
        }
    }
}
