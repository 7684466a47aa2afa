package dev.caravan.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What every benchmark needs around the hub: the hub as a separate JVM ({@link HubProcess}: the jar, free ports,
 * ephemeral embedded servers, readiness, its management port), the CPU accounting of its processes
 * ({@link CpuAccounting}: the hub's JVM, its PostgreSQL, its Redis, the driver), a JDBC connection to its embedded
 * PostgreSQL (user {@code postgres}, database {@code caravan}), and a clean stop: at the end, on failure and on
 * Ctrl-C (a shutdown hook), including the embedded PostgreSQL, which runs detached from the hub (pg_ctl).
 */
final class HubUnderTest implements AutoCloseable {

    final HubProcess process;
    private final Thread stopHook;
    private CpuAccounting cpu;
    private Connection db;
    private Map<String, Object> postgres;
    private double startSeconds;

    HubUnderTest(HubProcess process) {
        this.process = process;
        this.stopHook = new Thread(this::stop, "stop-hub");
        Runtime.getRuntime().addShutdownHook(stopHook);
    }

    /**
     * Starts the hub, waits until it is UP, logs in to its management port, connects to its PostgreSQL and finds
     * its processes for the CPU accounting. Prints what it does.
     */
    void start(Duration patience) throws IOException, InterruptedException, SQLException {
        System.out.println("Starting the hub: " + String.join(" ", process.command.subList(1, process.command.size())));
        long startingAt = System.nanoTime();
        process.start(patience);
        startSeconds = (System.nanoTime() - startingAt) / 1e9;
        System.out.printf(Locale.ROOT, "Hub up in %.1f s (pid %d, log %s)%s%n", startSeconds, process.pid(),
                process.log(), process.usesSession() ? "" : "; metrics over HTTP Basic");
        cpu = new CpuAccounting(process.pid());
        db = DriverManager.getConnection(process.jdbcUrl(), "postgres", "");
        postgres = postgresSettings(db, cpu);
        cpu.findRedis(process.handle());
    }

    HubProcess process() {
        return process;
    }

    CpuAccounting cpu() {
        return cpu;
    }

    /** JDBC on the hub's embedded PostgreSQL, as its superuser. */
    Connection db() {
        return db;
    }

    /** The PostgreSQL server's version and the settings that decide what "durable" means. */
    Map<String, Object> postgres() {
        return postgres;
    }

    double startSeconds() {
        return startSeconds;
    }

    /** Takes a thread dump of the hub and keeps it as {@code file}; returns it (null when jcmd is not available). */
    String threadDump(Path file) throws IOException {
        String dump = cpu.threadDump();
        if (dump != null && file != null) {
            Files.writeString(file, dump);
        }
        return dump;
    }

    /** The settings that decide what "durable" means, and the postmaster's pid for the CPU accounting. */
    private static Map<String, Object> postgresSettings(Connection db, CpuAccounting cpu) throws SQLException {
        Map<String, Object> settings = new LinkedHashMap<>();
        try (Statement st = db.createStatement()) {
            for (String name : List.of("server_version", "synchronous_commit", "fsync", "wal_level",
                    "shared_buffers")) {
                try (ResultSet rs = st.executeQuery("show " + name)) {
                    rs.next();
                    settings.put(name, rs.getString(1));
                }
            }
            try (ResultSet rs = st.executeQuery("select pg_backend_pid()")) {
                rs.next();
                cpu.postmaster(CpuAccounting.parent(rs.getLong(1)));
            }
        }
        return settings;
    }

    /** Stops the hub and its embedded servers. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopHook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }

    private synchronized void stop() {
        if (db != null) {
            try {
                db.close();
            } catch (SQLException e) {
                // the server goes anyway
            }
            db = null;
        }
        long postmaster = cpu == null ? -1 : cpu.postmaster();
        process.close();
        // the embedded PostgreSQL runs detached from the hub (pg_ctl); make sure it went with it
        if (postmaster > 0) {
            ProcessHandle.of(postmaster).ifPresent(p -> {
                if (p.isAlive()) {
                    p.destroy();
                }
            });
        }
    }

    /** The machine a run was taken on: cores, memory, OS, Java, and the load when the run started. */
    static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("memory_gb", CpuAccounting.round(memoryGb(), 1));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("load_average_1m", loadAverage());
        return machine;
    }

    /** The 1-minute load average, or null. */
    static Double loadAverage() {
        try {
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return load < 0 ? null : CpuAccounting.round(load, 2);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static double memoryGb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return Double.NaN;
    }
}
