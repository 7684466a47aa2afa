package dev.caravan.component.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
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
}
