package dev.caravan.component.modbus;

import java.util.Optional;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.support.DefaultComponent;

import dev.caravan.component.modbus.connection.ConnectionSettings;
import dev.caravan.component.modbus.connection.ModbusConnection;
import dev.caravan.component.modbus.connection.ModbusConnections;

/**
 * What the {@code modbus:} and {@code sunspec:} components share: one Modbus connection per transport, host and port
 * for all their endpoints (devices behind one gateway differ by unit id), the devices their consumers poll, and the
 * route that takes those devices' commands from the broker (started with the first of them: {@link PolledDevices}).
 *
 * @param <E> the component's endpoint
 */
public abstract class ModbusDeviceComponent<E extends Endpoint> extends DefaultComponent {

    @Metadata(label = "advanced", description = "The route that takes the commands of the polled devices from the"
            + " broker, started with the first polled device (modbus-commands for modbus:, sunspec-commands for"
            + " sunspec:); blank for none.")
    private String commandsRoute;

    private final ModbusConnections connections = new ModbusConnections();
    private final PolledDevices<E> polledDevices = new PolledDevices<>();

    protected ModbusDeviceComponent(String commandsRoute) {
        this.commandsRoute = commandsRoute;
    }

    /**
     * Sets host and port from an endpoint URI's remaining part: {@code host[:port]}, with or without a leading
     * {@code //}, or a serial port's path ({@code /dev/ttyUSB0}), which has no port.
     */
    protected static void address(String remaining, ModbusDeviceOptions options) {
        String address = remaining.startsWith("//") ? remaining.substring(2) : remaining;
        int colon = address.lastIndexOf(':');
        if (colon > 0 && !address.startsWith("/")) {
            options.setHost(address.substring(0, colon));
            options.setPort(Integer.parseInt(address.substring(colon + 1)));
        } else {
            options.setHost(address);
        }
    }

    /** The shared connection for these settings, opened by the first endpoint that asks. */
    public ModbusConnection acquireConnection(ConnectionSettings settings) {
        return connections.acquire(settings);
    }

    /** Gives a connection back; the last endpoint to give it back closes it. */
    public void releaseConnection(ModbusConnection connection) {
        connections.release(connection);
    }

    /** Connections open now (for tests and metrics). */
    public int openConnections() {
        return connections.size();
    }

    /** For the component's consumers: a device is polled from now on (and its commands route runs). */
    public void polling(String deviceId, E endpoint) throws Exception {
        polledDevices.polling(deviceId, endpoint, getCamelContext(), commandsRoute);
    }

    /** For the component's consumers: the device is no longer polled by this endpoint. */
    public void stoppedPolling(String deviceId, E endpoint) {
        polledDevices.stoppedPolling(deviceId, endpoint);
    }

    /** The endpoint that polls a device: where its commands go. */
    public Optional<E> polledDevice(String deviceId) {
        return polledDevices.get(deviceId);
    }

    public String getCommandsRoute() {
        return commandsRoute;
    }

    public void setCommandsRoute(String commandsRoute) {
        this.commandsRoute = commandsRoute;
    }
}
