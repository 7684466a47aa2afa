package dev.caravan.component.modbus;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devices a component polls, by device id: where their commands go. The component's commands route subscribes
 * to every device's commands ({@code device/+/command}), so it is not started with the hub but with the first
 * polled device: a hub that polls nothing is not handed a copy of every command (two extra deliveries per command
 * for the broker and the hub, the Modbus and the SunSpec route's). It is started before the device's first poll, so
 * before the device can be reported online and sent a command. It stays started when the last device goes.
 */
public final class PolledDevices<E extends Endpoint> {

    private static final Logger LOG = LoggerFactory.getLogger(PolledDevices.class);

    private final Map<String, E> devices = new ConcurrentHashMap<>();

    /**
     * Records a polled device, and starts the commands route when it is not running yet.
     *
     * @param commandsRoute the route's id; blank, or a route that does not exist (a component used on its own, as
     *                      in tests), for none
     */
    public void polling(String deviceId, E endpoint, CamelContext context, String commandsRoute) throws Exception {
        devices.put(deviceId, endpoint);
        if (commandsRoute == null || commandsRoute.isBlank()) {
            return;
        }
        synchronized (this) {
            // null for no such route (getRoute would not do: it does not know a route that was never started)
            ServiceStatus status = context.getRouteController().getRouteStatus(commandsRoute);
            if (status != null && !status.isStarted() && !status.isStarting()) {
                LOG.info("Starting route {}: this hub now polls {}, and takes its commands", commandsRoute, deviceId);
                context.getRouteController().startRoute(commandsRoute);
            }
        }
    }

    public void stoppedPolling(String deviceId, E endpoint) {
        devices.remove(deviceId, endpoint);
    }

    /** The endpoint that polls a device: where its commands go. */
    public Optional<E> get(String deviceId) {
        return Optional.ofNullable(devices.get(deviceId));
    }
}
