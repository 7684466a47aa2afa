package dev.caravan.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP server that accepts connections and reads requests but never answers: a hung device or a gateway whose
 * serial side is dead. Counts the bytes it receives, so a test sees how often it was asked.
 */
public final class SilentServer implements AutoCloseable {

    private final ServerSocket server;
    private final AtomicLong received = new AtomicLong();
    private final List<Socket> clients = new CopyOnWriteArrayList<>();

    public SilentServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Requests received so far, counting 12 bytes per Modbus TCP read request. */
    public long readRequests() {
        return received.get() / 12;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                clients.add(client);
                Thread reader = new Thread(() -> swallow(client), "silent-client");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void swallow(Socket client) {
        byte[] buffer = new byte[1024];
        try (InputStream in = client.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                received.addAndGet(n);
            }
        } catch (IOException e) {
            // closed by the test or the client: nothing more to count
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket client : clients) {
            client.close();
        }
    }
}
