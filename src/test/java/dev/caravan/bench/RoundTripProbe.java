package dev.caravan.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long one round trip to the hub's PostgreSQL ({@code select 1} over JDBC) and to its Redis ({@code PING} over a
 * plain socket) takes from the driver, on the same machine: the floor under every blocking call the hub makes. Run
 * once while the hub is idle, and in the background during a phase (one of each every 100 ms) to see what the
 * load does to it.
 */
final class RoundTripProbe implements AutoCloseable {

    private final Connection db;
    private final Socket redis;
    private final OutputStream redisOut;
    private final InputStream redisIn;
    private final List<Double> dbMs = new ArrayList<>();
    private final List<Double> redisMs = new ArrayList<>();
    private Thread thread;
    private volatile boolean running;

    RoundTripProbe(HubProcess hub) throws SQLException, IOException {
        db = DriverManager.getConnection(hub.jdbcUrl(), "postgres", "");
        redis = new Socket("localhost", hub.redisPort);
        redis.setTcpNoDelay(true);
        redis.setSoTimeout(10_000);
        redisOut = redis.getOutputStream();
        redisIn = redis.getInputStream();
    }

    /** One round trip to each. */
    synchronized void once() throws SQLException, IOException {
        long start = System.nanoTime();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("select 1")) {
            rs.next();
        }
        long between = System.nanoTime();
        redisOut.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        redisOut.flush();
        byte[] pong = new byte[7];
        int read = 0;
        while (read < pong.length) {
            int n = redisIn.read(pong, read, pong.length - read);
            if (n < 0) {
                throw new IOException("Redis closed the connection");
            }
            read += n;
        }
        long end = System.nanoTime();
        dbMs.add((between - start) / 1e6);
        redisMs.add((end - between) / 1e6);
    }

    /** {@code count} round trips to each, one after the other. */
    Map<String, Object> burst(int count) throws SQLException, IOException {
        clear();
        for (int i = 0; i < count; i++) {
            once();
        }
        return figures();
    }

    /** One round trip to each every {@code periodMs}, on a thread of its own, until {@link #stop()}. */
    void background(long periodMs) {
        clear();
        running = true;
        thread = new Thread(() -> {
            while (running) {
                try {
                    once();
                    Thread.sleep(periodMs);
                } catch (InterruptedException e) {
                    return;
                } catch (SQLException | IOException e) {
                    return;
                }
            }
        }, "round-trip-probe");
        thread.setDaemon(true);
        thread.start();
    }

    Map<String, Object> stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(15_000);
        }
        return figures();
    }

    private synchronized void clear() {
        dbMs.clear();
        redisMs.clear();
    }

    private synchronized Map<String, Object> figures() {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("postgres_select_1", stats(dbMs));
        figures.put("redis_ping", stats(redisMs));
        return figures;
    }

    private static Map<String, Object> stats(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("p50", sorted.length == 0 ? null : CpuAccounting.round(RoundTrips.percentile(sorted, 0.5), 3));
        stats.put("p99", sorted.length == 0 ? null : CpuAccounting.round(RoundTrips.percentile(sorted, 0.99), 3));
        stats.put("max", sorted.length == 0 ? null : CpuAccounting.round(sorted[sorted.length - 1], 3));
        stats.put("n", sorted.length);
        return stats;
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            // going anyway
        }
        try {
            redis.close();
        } catch (IOException e) {
            // going anyway
        }
    }
}
