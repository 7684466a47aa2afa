package dev.caravan.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The hub under test, as a separate JVM ({@code java -Xmx… -jar target/caravan.jar}) on free ports with ephemeral
 * embedded servers, and a client for its management port.
 *
 * <p>The client logs in once through the form login and reuses the session cookie (falling back to Basic only if
 * that fails), so that polling the management port several times a second costs the hub as little as it can: even
 * with the HMAC password check a Basic request costs several milliseconds of CPU ({@code tests/bench/management.sh}).
 */
final class HubProcess implements AutoCloseable {

    private static final String USER = "admin";
    private static final String PASSWORD = "caravan";

    final int apiPort = freePort();
    final int managementPort = freePort();
    final int mqttPort = freePort();
    final int websocketPort = freePort();
    final int dbPort = freePort();
    final int redisPort = freePort();
    final int xmxMb;
    final List<String> command = new ArrayList<>();

    /** The admin API key the drivers call the hub's API with. */
    static final String API_KEY = "bench-admin-key-0123456789";

    private final Path log;
    private final String mqttUrl;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private Process process;
    private boolean session;

    HubProcess(Path jar, Path log, int xmxMb, int telemetryConsumers, String mqttUrl, List<String> extraArgs) {
        this.log = log;
        this.mqttUrl = mqttUrl;
        this.xmxMb = xmxMb;
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + xmxMb + "m");
        // extra JVM options for the hub only, e.g. a flight recording: HUB_JAVA_OPTS="-XX:StartFlightRecording=..."
        String hubJavaOpts = System.getenv("HUB_JAVA_OPTS");
        if (hubJavaOpts != null && !hubJavaOpts.isBlank()) {
            command.addAll(List.of(hubJavaOpts.trim().split("\\s+")));
        }
        command.add("-jar");
        command.add(jar.toString());
        command.add("--caravan.embedded.ephemeral=true");
        command.add("--caravan.security.bootstrap-api-key=" + API_KEY);
        // the benchmarks measure the hub, not its rate limits per API key and per device
        command.add("--caravan.security.rate-limit=1000000");
        command.add("--caravan.security.rate-burst=1000000");
        command.add("--caravan.security.device-rate-limit=1000000");
        command.add("--caravan.security.device-rate-burst=1000000");
        command.add("--caravan.demo.enabled=false");
        command.add("--caravan.api.port=" + apiPort);
        command.add("--server.port=" + managementPort);
        command.add("--caravan.mqtt.embedded.port=" + mqttPort);
        command.add("--caravan.mqtt.embedded.websocket-port=" + websocketPort);
        command.add("--caravan.db.embedded.port=" + dbPort);
        command.add("--caravan.redis.embedded.port=" + redisPort);
        if (mqttUrl != null) {
            command.add("--caravan.mqtt.url=" + mqttUrl);
        }
        if (telemetryConsumers > 0) {
            command.add("--caravan.mqtt.inbound.telemetry-consumers=" + telemetryConsumers);
        }
        command.addAll(extraArgs);
        this.http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** The embedded broker, or the outside one given with {@code --mqtt-url}. */
    String brokerUrl() {
        return mqttUrl != null ? mqttUrl : "tcp://localhost:" + mqttPort;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + dbPort + "/caravan";
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Starts the hub and waits until /actuator/health says UP. */
    void start(Duration patience) throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + patience.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the hub exited with status " + process.exitValue()
                        + " before it was up; see " + log + "\n" + tail(40));
            }
            try {
                HttpResponse<String> response = http.send(request("/actuator/health").build(),
                        HttpResponse.BodyHandlers.ofString());
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    login();
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the hub was not UP within " + patience.toSeconds() + " s (last: " + last
                + "); see " + log + "\n" + tail(40));
    }

    /** Form login: the CSRF cookie from any response, then POST /login with it as a header. */
    private void login() {
        try {
            CookieManager cookies = (CookieManager) http.cookieHandler().orElseThrow();
            String xsrf = cookies.getCookieStore().getCookies().stream()
                    .filter(c -> c.getName().equals("XSRF-TOKEN")).map(HttpCookie::getValue).findFirst()
                    .orElse(null);
            if (xsrf == null) {
                return;
            }
            String form = "username=" + URLEncoder.encode(USER, StandardCharsets.UTF_8) + "&password="
                    + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);
            HttpResponse<String> response = http.send(request("/login")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-XSRF-TOKEN", xsrf)
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            String location = response.headers().firstValue("Location").orElse("");
            session = response.statusCode() == 302 && !location.contains("error");
            if (session && metric("jvm.memory.used", "area:heap").isEmpty()) {
                session = false;
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            session = false;
        }
    }

    boolean usesSession() {
        return session;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + path))
                .timeout(Duration.ofSeconds(10));
    }

    /** GET with the session, or with Basic when there is none; null unless 200. */
    String get(String path) {
        HttpRequest.Builder request = request(path);
        if (!session) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The statistics of one meter from /actuator/metrics (VALUE, COUNT, TOTAL, MAX…); empty when absent. */
    Map<String, Double> metric(String name, String... tags) {
        StringBuilder path = new StringBuilder("/actuator/metrics/").append(name);
        for (int i = 0; i < tags.length; i++) {
            path.append(i == 0 ? '?' : '&').append("tag=").append(URLEncoder.encode(tags[i], StandardCharsets.UTF_8));
        }
        String body = get(path.toString());
        Map<String, Double> values = new HashMap<>();
        if (body == null) {
            return values;
        }
        try {
            for (JsonNode m : json.readTree(body).path("measurements")) {
                values.put(m.path("statistic").asText(), m.path("value").asDouble());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }

    OptionalDouble metricValue(String name, String statistic, String... tags) {
        Double value = metric(name, tags).get(statistic);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /** One sample from /actuator/prometheus: the first line of that metric whose labels contain {@code label} ("": any). */
    OptionalDouble prometheus(String name, String label) {
        String body = get("/actuator/prometheus");
        if (body == null) {
            return OptionalDouble.empty();
        }
        for (String line : body.split("\n")) {
            boolean labelled = line.startsWith(name + "{") && line.substring(0, line.lastIndexOf('}') + 1)
                    .contains(label);
            if (labelled || label.isEmpty() && line.startsWith(name + " ")) {
                String[] parts = line.trim().split(" ");
                try {
                    return OptionalDouble.of(Double.parseDouble(parts[parts.length - 1]));
                } catch (NumberFormatException e) {
                    return OptionalDouble.empty();
                }
            }
        }
        return OptionalDouble.empty();
    }

    /** Every sample of /actuator/prometheus, by its name with labels ({@code name{a="b"}}); empty if unavailable. */
    Map<String, Double> prometheusSamples() {
        Map<String, Double> samples = new HashMap<>();
        String body = get("/actuator/prometheus");
        if (body == null) {
            return samples;
        }
        for (String line : body.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            try {
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                // not a sample
            }
        }
        return samples;
    }

    /** The hub's telemetry consumers: its routes mqtt-telemetry-1, -2…, from /actuator/camelroutes; null if unknown. */
    Integer telemetryConsumers() {
        String body = get("/actuator/camelroutes");
        if (body == null) {
            return null;
        }
        try {
            int count = 0;
            for (JsonNode route : json.readTree(body)) {
                if (route.path("id").asText().matches("mqtt-telemetry-[0-9]+")) {
                    count++;
                }
            }
            return count;
        } catch (IOException e) {
            return null;
        }
    }

    /** The last lines of the hub's log, for error messages. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Stops the hub (SIGTERM: a graceful shutdown that also stops its embedded servers), forcibly after a minute. */
    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                System.err.println("the hub did not stop within 60 s; killing it (pid " + process.pid() + ")");
                process.destroyForcibly();
                process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
                children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
