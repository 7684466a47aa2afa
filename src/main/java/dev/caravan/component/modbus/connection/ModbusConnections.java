package dev.caravan.component.modbus.connection;

import java.util.HashMap;
import java.util.Map;

/** The open links, one per transport, host and port, counted by their users and closed when the last one leaves. */
public final class ModbusConnections {

    private final Map<String, ModbusConnection> open = new HashMap<>();

    public synchronized ModbusConnection acquire(ConnectionSettings settings) {
        ModbusConnection connection = open.computeIfAbsent(settings.key(), k -> new ModbusConnection(settings));
        connection.retain();
        return connection;
    }

    public synchronized void release(ModbusConnection connection) {
        if (connection.release()) {
            open.remove(connection.settings().key());
        }
    }

    public synchronized int size() {
        return open.size();
    }
}
