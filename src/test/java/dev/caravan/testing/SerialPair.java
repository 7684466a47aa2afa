package dev.caravan.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;

/**
 * Two serial ports wired to each other, made by socat (a pseudo-terminal pair): what one side writes the other
 * reads, as on an RS485 line between the hub and a device. Skipped locally without socat; fails with CI=true.
 */
public final class SerialPair implements AutoCloseable {

    private static final Path SOCAT = Path.of("/usr/bin/socat");

    private final Process socat;
    private final Path hubSide;
    private final Path deviceSide;

    private SerialPair(Process socat, Path hubSide, Path deviceSide) {
        this.socat = socat;
        this.hubSide = hubSide;
        this.deviceSide = deviceSide;
    }

    public static SerialPair open() throws IOException {
        if (!Files.isExecutable(SOCAT)) {
            String missing = "socat is not installed (apt-get install socat): no virtual serial line";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(missing + "; in CI (CI=true) nothing may be skipped");
            }
            Assumptions.abort(missing);
        }
        Path dir = Files.createTempDirectory("caravan-serial-");
        Path hub = dir.resolve("hub");
        Path device = dir.resolve("device");
        Process socat = new ProcessBuilder(SOCAT.toString(), "pty,raw,echo=0,link=" + hub,
                "pty,raw,echo=0,link=" + device).redirectErrorStream(true)
                .redirectOutput(dir.resolve("socat.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(hub) && Files.exists(device));
        // the real /dev/pts/N: jSerialComm opens device files, not links to them
        return new SerialPair(socat, hub.toRealPath(), device.toRealPath());
    }

    public Path hubSide() {
        return hubSide;
    }

    public Path deviceSide() {
        return deviceSide;
    }

    @Override
    public void close() {
        socat.destroyForcibly();
    }
}
