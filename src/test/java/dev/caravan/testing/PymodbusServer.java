package dev.caravan.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

import dev.caravan.runtime.FreePorts;

/**
 * Debian's python3-pymodbus serving tests/modbus/server.py: a Modbus server that is not ours. Every unit has the
 * four tables with {@code size} entries (addresses 0 to size-1); a read beyond them gets exception 2. Locally the
 * test is skipped when the package is missing; with CI=true it fails.
 */
public final class PymodbusServer implements AutoCloseable {

    public static final Path PYTHON = Path.of("/usr/bin/python3");
    static final String MISSING = "Debian's python3-pymodbus is not installed for /usr/bin/python3:"
            + " apt-get install python3-pymodbus";

    private final List<String> command;
    private final int port;
    private Process process;
    private Path log;

    private PymodbusServer(List<String> command, int port) {
        this.command = command;
        this.port = port;
    }

    /** A server on a free port; {@code args} as tests/modbus/server.py takes them (--units, --set, --framer...). */
    public static PymodbusServer start(String... args) throws IOException {
        requireInstalled();
        int port = FreePorts.pick();
        PymodbusServer server = new PymodbusServer(command(List.of("--port", String.valueOf(port)), args), port);
        server.restart();
        return server;
    }

    /** A server on the serial line {@code device} (RTU, 9600 8N1). */
    public static PymodbusServer onSerialLine(Path device, String... args) throws IOException {
        requireInstalled();
        PymodbusServer server = new PymodbusServer(command(List.of("--serial", device.toString()), args), -1);
        server.log = Files.createTempFile("pymodbus-", ".log");
        server.process = new ProcessBuilder(server.command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(server.log.toFile())).start();
        return server;
    }

    private static List<String> command(List<String> where, String... args) {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(),
                projectRoot().resolve("tests/modbus/server.py").toString()));
        command.addAll(where);
        command.addAll(List.of(args));
        return command;
    }

    public static void requireInstalled() {
        if (installed()) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(MISSING + "; in CI (CI=true) nothing may be skipped");
        }
        Assumptions.abort(MISSING);
    }

    static boolean installed() {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        try {
            Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import pymodbus.server")
                    .redirectErrorStream(true).start();
            return probe.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public int port() {
        return port;
    }

    /** Starts the server (again, on the same port, with the data it started with) and waits until it listens. */
    public void restart() throws IOException {
        log = Files.createTempFile("pymodbus-", ".log");
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(this::listening);
    }

    /** Kills the server at once, as a crash or a power cut would: open connections are reset. */
    public void kill() {
        process.destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive() && !accepts());
    }

    private boolean listening() throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException("the Modbus server ended: " + Files.readString(log));
        }
        return accepts();
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    static Path projectRoot() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    }
}
