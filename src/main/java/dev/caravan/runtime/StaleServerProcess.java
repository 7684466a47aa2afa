package dev.caravan.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a server process left running by an earlier hub that was killed without shutting down (kill -9): the
 * embedded PostgreSQL and Redis run as child processes and outlive such a hub, holding their port and data folder.
 */
final class StaleServerProcess {

    private static final Logger LOG = LoggerFactory.getLogger(StaleServerProcess.class);

    private StaleServerProcess() {
    }

    /**
     * @param pidFile the server's pid file; its first line is the pid
     * @param executableName part of the command of the expected process, so that a recycled pid is left alone
     */
    static void stopIfRunning(Path pidFile, String executableName, Duration patience) {
        Optional<ProcessHandle> process = readPid(pidFile).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains(executableName)).orElse(false));
        if (process.isEmpty()) {
            return;
        }
        ProcessHandle stale = process.get();
        LOG.warn("Stopping a {} (pid {}) left running by an earlier hub that did not shut down", executableName,
                stale.pid());
        stale.destroy();
        try {
            stale.onExit().get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("{} (pid {}) did not stop in {}; killing it", executableName, stale.pid(), patience);
            stale.destroyForcibly();
            stale.onExit().join();
        }
    }

    private static Optional<Long> readPid(Path pidFile) {
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
            return first.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(first));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
