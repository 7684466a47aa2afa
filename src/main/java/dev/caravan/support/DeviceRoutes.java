package dev.caravan.support;

import java.util.HashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;

/**
 * A route per bridged device, made from a route template (modbus-poll, sunspec-poll) while the hub runs, and removed
 * again: what the adapters' registry synchronisation does for each device of its protocol.
 */
public final class DeviceRoutes {

    private DeviceRoutes() {
    }

    /** Adds the route from the template and starts it; a route that cannot start is not left behind half-made. */
    public static void start(CamelContext camel, String template, String routeId, Map<String, ?> parameters)
            throws Exception {
        try {
            TemplatedRouteBuilder.builder(camel, template).routeId(routeId).parameters(new HashMap<>(parameters))
                    .add();
            // the supervising route controller does not start routes added to a running context
            camel.getRouteController().startRoute(routeId);
        } catch (Exception e) {
            if (camel.getRoute(routeId) != null) {
                camel.getRouteController().stopRoute(routeId);
                camel.removeRoute(routeId);
            }
            throw e;
        }
    }

    public static void stop(CamelContext camel, String routeId) throws Exception {
        camel.getRouteController().stopRoute(routeId);
        camel.removeRoute(routeId);
    }
}
