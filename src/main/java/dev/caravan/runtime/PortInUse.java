package dev.caravan.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Refuses to start an embedded server on a port that another process holds. Without this check the hub could quietly
 * use that process: a PostgreSQL already listening on the port answers the hub's connections as if it were the
 * embedded one, with another database behind it.
 */
final class PortInUse {

    private PortInUse() {
    }

    /**
     * @param server  what was to start, for the message
     * @param setting the setting (and its environment variable) that chooses the port
     */
    static void refuse(int port, String server, String setting) {
        try (ServerSocket probe = new ServerSocket()) {
            // a port left in TIME_WAIT by this hub's previous run is free for the server too
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new IllegalStateException("the embedded " + server + " cannot start: port " + port
                    + " is already in use by another process. Stop that process, or choose another port with "
                    + setting + " (0 picks a free one)", e);
        }
    }
}
