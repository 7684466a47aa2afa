package dev.caravan.testing;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The hub as a separate process ({@code java -jar target/caravan.jar}, built by the package phase before the
 * integration tests), for tests that kill it the hard way.
 */
public final class HubProcess implements AutoCloseable {

    private final Process process;
    private final int managementPort;

    private HubProcess(Process process, int managementPort) {
        this.process = process;
        this.managementPort = managementPort;
    }

    /** Starts the hub and returns once its HTTP API answers. */
    public static HubProcess start(Path log, int managementPort, int apiPort, String... args) throws IOException {
        Path jar = Path.of("target", "caravan.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the tests with mvn verify (package comes first)");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-jar", jar.toString(),
                "--server.port=" + managementPort, "--caravan.api.port=" + apiPort,
                "--caravan.security.bootstrap-api-key=" + HubApi.ADMIN_KEY));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        HubProcess hub = new HubProcess(process, managementPort);
        hub.awaitReady(Duration.ofSeconds(120), log.toFile(), apiPort);
        return hub;
    }

    /**
     * Health UP on the management port (only once every route has started: ReadinessHealthConfiguration) and the API
     * answering the admin key the test passed.
     */
    private void awaitReady(Duration patience, File log, int apiPort) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the hub exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                        + managementPort + "/actuator/health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                // the admin key answers: the routes run and the key is installed
                HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                        + apiPort + "/api/whoami")).header("X-API-Key", HubApi.ADMIN_KEY)
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("UP") && api.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the hub was not healthy within " + patience + "; see " + log);
    }

    /** SIGKILL: no shutdown hook, no graceful stop, as a power cut or an OOM killer would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(60),
                    java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
