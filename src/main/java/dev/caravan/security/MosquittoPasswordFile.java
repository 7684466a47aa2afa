package dev.caravan.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.caravan.mqtt.MqttProperties;

/**
 * Keeps an outside Mosquitto's password file in step with the registry (docs/security.md#broker), when
 * {@code caravan.mqtt.mosquitto.password-file} is set: the hub's own login and every device's, written whole (to a
 * temporary file, then moved into place) at start and after each change, then the reload command, if any, so that the
 * broker reads it ({@code kill -HUP}). The ACL stays mosquitto/acl ({@code %u} patterns): a device's username is its
 * id.
 */
@Component
public class MosquittoPasswordFile {

    private static final Logger LOG = LoggerFactory.getLogger(MosquittoPasswordFile.class);

    /**
     * @param passwordFile  where to write Mosquitto's password file; unset: nothing is written
     * @param reloadCommand run (with sh -c) after each write, to make the broker read it
     */
    @ConfigurationProperties("caravan.mqtt.mosquitto")
    public record Settings(String passwordFile, String reloadCommand) {

        public boolean enabled() {
            return passwordFile != null && !passwordFile.isBlank();
        }
    }

    private final Settings settings;
    private final MqttProperties mqtt;
    private final MqttCredentials credentials;
    private final String hubHash;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mosquitto-password-file");
        t.setDaemon(true);
        return t;
    });

    public MosquittoPasswordFile(Settings settings, MqttProperties mqtt, MqttCredentials credentials) {
        this.settings = settings;
        this.mqtt = mqtt;
        this.credentials = credentials;
        this.hubHash = mqtt.username() == null || mqtt.username().isBlank() ? null
                : MosquittoPasswordHash.hash(mqtt.password() == null ? "" : mqtt.password());
    }

    @EventListener(ApplicationReadyEvent.class)
    public void hubReady() {
        if (settings.enabled()) {
            write();
        }
    }

    /**
     * Rewrites the file off the caller's thread; changes that come while a write is pending share it (it reads the
     * registry when it runs), so that registering many devices at once does not write the file once per device.
     * After the change's transaction has committed (a deleted device), so that the write sees it.
     */
    @TransactionalEventListener(fallbackExecution = true)
    public void loginsChanged(MqttCredentials.Changed changed) {
        if (settings.enabled() && pending.compareAndSet(false, true)) {
            writer.execute(() -> {
                pending.set(false);
                write();
            });
        }
    }

    @PreDestroy
    void stop() {
        writer.shutdown();
    }

    /** Writes the file and runs the reload command; failures are logged (the change that caused them stands). */
    synchronized void write() {
        Path file = Path.of(settings.passwordFile()).toAbsolutePath();
        StringBuilder lines = new StringBuilder();
        if (hubHash != null) {
            lines.append(mqtt.username()).append(':').append(hubHash).append('\n');
        }
        Map<String, String> devices = credentials.mosquittoHashes();
        devices.forEach((device, hash) -> {
            if (!device.equals(mqtt.username()) && !device.contains(":")) { // ':' ends the name in the file
                lines.append(device).append(':').append(hash).append('\n');
            }
        });
        try {
            Path temporary = Files.createTempFile(file.getParent(), ".passwd-", ".tmp");
            Files.writeString(temporary, lines, StandardCharsets.UTF_8);
            temporary.toFile().setReadable(true, false); // Mosquitto reads it as its own user
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            LOG.info("Mosquitto password file {} written: {} device logins{}", file, devices.size(),
                    hubHash != null ? " and the hub's" : "");
        } catch (IOException e) {
            LOG.error("cannot write the Mosquitto password file {}: {}", file, e.toString());
            return;
        }
        reload();
    }

    private void reload() {
        if (settings.reloadCommand() == null || settings.reloadCommand().isBlank()) {
            return;
        }
        try {
            Process process = new ProcessBuilder("sh", "-c", settings.reloadCommand()).redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                LOG.error("the Mosquitto reload command '{}' failed: {}", settings.reloadCommand(), output);
            }
        } catch (IOException e) {
            LOG.error("cannot run the Mosquitto reload command '{}': {}", settings.reloadCommand(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
