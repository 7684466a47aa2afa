package dev.caravan.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU time of the processes in a run, and the time their threads waited for a core, from Linux's /proc: the hub's JVM
 * (which also runs the embedded broker), its PostgreSQL (postmaster and backends), its Redis, and this driver
 * (publishers and subscriber). And, inside the hub's
 * JVM, CPU per thread group from {@code jcmd <pid> Thread.print} (each thread's {@code cpu=}).
 *
 * <p>Everything here is best effort: on a system without /proc or jcmd the figures are simply absent.
 */
final class CpuAccounting {

    private static final double TICKS_PER_SECOND = clockTicks();
    private static final Pattern THREAD_LINE = Pattern.compile("^\"(.*)\" .*?cpu=([0-9.]+)ms");

    private final long hubPid;
    private volatile long postmasterPid = -1;
    private volatile long redisPid = -1;

    CpuAccounting(long hubPid) {
        this.hubPid = hubPid;
    }

    void postmaster(long pid) {
        postmasterPid = pid;
    }

    long postmaster() {
        return postmasterPid;
    }

    void findRedis(ProcessHandle hub) {
        hub.descendants()
                .filter(p -> p.info().command().map(c -> c.contains("redis")).orElse(false))
                .findFirst().ifPresent(p -> redisPid = p.pid());
    }

    /** CPU seconds so far: hub, postgres, redis, driver. */
    Map<String, Double> snapshot() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        processes().forEach((name, pids) -> {
            long sum = 0;
            for (long pid : pids) {
                // the postmaster's own figure includes its children that ended (cutime, cstime)
                sum += Math.max(0, ticks(pid, pid == postmasterPid));
            }
            cpu.put(name, sum / TICKS_PER_SECOND);
        });
        return cpu;
    }

    /**
     * Nanoseconds each live thread of each process (hub, postgres, redis, driver) has spent runnable but waiting for
     * a core so far, by process and "pid/tid": the second field of Linux's {@code /proc/<pid>/task/<tid>/schedstat}.
     * Empty where the kernel does not provide it. {@link #runQueueWaitBetween} makes a window of two.
     */
    Map<String, Map<String, Long>> runQueueWait() {
        Map<String, Map<String, Long>> wait = new LinkedHashMap<>();
        processes().forEach((name, pids) -> {
            Map<String, Long> threads = new HashMap<>();
            pids.forEach(pid -> runQueueNanos(pid, threads));
            if (!threads.isEmpty()) {
                wait.put(name, threads);
            }
        });
        return wait;
    }

    /**
     * Seconds per process that its threads waited for a core between two {@link #runQueueWait} samples: per thread,
     * so that a thread that ended in between takes only its own figure with it (its wait within the window is not
     * counted), and one that started counts from zero.
     */
    static Map<String, Double> runQueueWaitBetween(Map<String, Map<String, Long>> before,
                                                   Map<String, Map<String, Long>> after) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        after.forEach((name, threads) -> {
            Map<String, Long> earlier = before.getOrDefault(name, Map.of());
            long nanos = 0;
            for (Map.Entry<String, Long> thread : threads.entrySet()) {
                nanos += Math.max(0, thread.getValue() - earlier.getOrDefault(thread.getKey(), 0L));
            }
            seconds.put(name, round(nanos / 1e9, 2));
        });
        return seconds;
    }

    /** The processes measured, and their pids: the hub's JVM, PostgreSQL (postmaster and backends), Redis, driver. */
    private Map<String, List<Long>> processes() {
        Map<String, List<Long>> processes = new LinkedHashMap<>();
        if (alive(hubPid)) {
            processes.put("hub_jvm", List.of(hubPid));
        }
        if (alive(postmasterPid)) {
            List<Long> postgres = new ArrayList<>(children(postmasterPid));
            postgres.add(0, postmasterPid);
            processes.put("postgres", postgres);
        }
        if (alive(redisPid)) {
            processes.put("redis", List.of(redisPid));
        }
        processes.put("driver", List.of(ProcessHandle.current().pid()));
        return processes;
    }

    private static boolean alive(long pid) {
        return pid > 0 && Files.exists(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** Adds each live thread's run-queue wait ("pid/tid" → ns) of a process. */
    private static void runQueueNanos(long pid, Map<String, Long> into) {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String[] f = Files.readString(task.resolve("schedstat"), StandardCharsets.US_ASCII).trim()
                            .split(" ");
                    into.put(pid + "/" + task.getFileName(), Long.parseLong(f[1]));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended, or no /proc
        }
    }

    static Map<String, Double> minus(Map<String, Double> after, Map<String, Double> before) {
        Map<String, Double> delta = new LinkedHashMap<>();
        after.forEach((k, v) -> {
            Double b = before.get(k);
            if (b != null) {
                delta.put(k, round(v - b, 2));
            }
        });
        return delta;
    }

    /** utime + stime (+ cutime + cstime: children that ended) of a process, in clock ticks; -1 if unknown. */
    private static long ticks(long pid, boolean withEndedChildren) {
        String[] f = statFields(pid);
        if (f == null) {
            return -1;
        }
        // fields after "(comm)": index 0 is field 3 (state); utime is field 14, stime 15, cutime 16, cstime 17
        long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        if (withEndedChildren) {
            t += Long.parseLong(f[13]) + Long.parseLong(f[14]);
        }
        return t;
    }

    /** The parent of a process, or -1. */
    static long parent(long pid) {
        String[] f = statFields(pid);
        return f == null ? -1 : Long.parseLong(f[1]);
    }

    private static List<Long> children(long pid) {
        List<Long> children = new ArrayList<>();
        if (pid <= 0) {
            return children;
        }
        try (var entries = Files.list(Path.of("/proc"))) {
            entries.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .mapToLong(Long::parseLong).filter(p -> parent(p) == pid).forEach(children::add);
        } catch (IOException | RuntimeException e) {
            // gone or no /proc
        }
        return children;
    }

    private static String[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static double clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return Double.parseDouble(out);
        } catch (IOException | InterruptedException | RuntimeException e) {
            return 100;
        }
    }

    /** A thread dump of the hub ({@code jcmd <pid> Thread.print}), or null when jcmd is not available. */
    String threadDump() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return null;
        }
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(hubPid), "Thread.print")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    /** CPU ms per thread name in a dump. */
    static Map<String, Double> threadCpu(String dump) {
        Map<String, Double> cpu = new HashMap<>();
        if (dump == null) {
            return cpu;
        }
        for (String line : dump.split("\n")) {
            Matcher m = THREAD_LINE.matcher(line);
            if (m.find()) {
                cpu.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
            }
        }
        return cpu;
    }

    /**
     * CPU seconds per thread group between two dumps, largest first. A group is a thread name with its numbers and
     * MQTT client ids folded ({@code telemetry-writer-1} and {@code -2} are one group).
     */
    static Map<String, Double> threadGroups(Map<String, Double> before, Map<String, Double> after, int top) {
        Map<String, Double> groups = new HashMap<>();
        after.forEach((name, ms) -> {
            double delta = ms - before.getOrDefault(name, 0.0);
            if (delta > 0) {
                groups.merge(group(name), delta / 1000, Double::sum);
            }
        });
        Map<String, Double> sorted = new LinkedHashMap<>();
        groups.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .limit(top).forEach(e -> sorted.put(e.getKey(), round(e.getValue(), 2)));
        return sorted;
    }

    /**
     * CPU seconds of each telemetry consumer's Paho callback thread ({@code MQTT Call: caravan-<instance>-telemetry-N},
     * where the consumer's route runs) between two dumps: shows how the shared subscription divides the messages.
     */
    static Map<String, Double> telemetryConsumers(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> consumers = new java.util.TreeMap<>(Comparator.comparingInt(
                (String name) -> Integer.parseInt(name.substring(name.lastIndexOf('-') + 1))));
        Pattern callback = Pattern.compile("MQTT Call: caravan-.*-(telemetry-[0-9]+)");
        after.forEach((name, ms) -> {
            Matcher m = callback.matcher(name);
            if (m.matches()) {
                consumers.put(m.group(1), round((ms - before.getOrDefault(name, 0.0)) / 1000, 2));
            }
        });
        return new LinkedHashMap<>(consumers);
    }

    static String group(String thread) {
        return thread.replaceAll("caravan-[^ ]*", "caravan-*").replaceAll("(?<=[-#])[0-9]+|[0-9]+$", "N");
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
