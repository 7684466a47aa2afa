package dev.caravan.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The production-like stack (docker-compose.yml at the repository root) as its users rely on it: the compose tool
 * accepts the file, the four services exist, the hub is wired to the other three, the documented ports are
 * published and the broker runs the repository's mosquitto.conf with the repository's password file and ACL.
 * Needs no Docker engine.
 */
class ComposeStackTest {

    private static final Path REPO = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    private static final Path COMPOSE_FILE = REPO.resolve("docker-compose.yml");
    private static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));

    private static Map<String, Object> services;

    @BeforeAll
    static void parse() throws IOException {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        Map<String, Object> compose = map(yaml.load(Files.readString(COMPOSE_FILE)), "docker-compose.yml");
        services = map(compose.get("services"), "services");
    }

    @Test
    void theComposeToolAcceptsTheFile() throws Exception {
        List<String> command = composeCommand();
        if (command == null) {
            String reason = "neither docker-compose nor 'docker compose' is installed (Debian: apt-get install"
                    + " docker-compose), so 'config -q' cannot check docker-compose.yml";
            if (CI) {
                fail(reason + "; in CI (CI=true) nothing may be skipped");
            }
            Assumptions.abort(reason);
        }
        command.addAll(List.of("-f", COMPOSE_FILE.toString(), "config", "-q"));
        Result result = run(command);
        assertThat(result.exitCode()).as("%s said:%n%s", String.join(" ", command), result.output()).isZero();
    }

    @Test
    void theStackHasTheBrokerTheDatabaseRedisAndTheHub() {
        assertThat(services).containsKeys("mosquitto", "postgres", "redis", "hub");
        assertThat(string(service("mosquitto").get("image"))).startsWith("eclipse-mosquitto:2");
        assertThat(string(service("postgres").get("image"))).startsWith("timescale/timescaledb");
        assertThat(string(service("redis").get("image"))).startsWith("redis:7");
    }

    @Test
    void theHubIsBuiltFromTheRepositoryDockerfile() throws IOException {
        Object build = service("hub").get("build");
        String context = build instanceof Map<?, ?> b ? string(b.get("context")) : string(build);
        String dockerfile = build instanceof Map<?, ?> b && b.get("dockerfile") != null
                ? string(b.get("dockerfile")) : "Dockerfile";
        Path file = REPO.resolve(context).resolve(dockerfile).normalize();
        assertThat(file).as("the hub's Dockerfile").isEqualTo(REPO.resolve("Dockerfile")).exists();

        String text = Files.readString(file);
        String runStage = text.substring(text.lastIndexOf("\nFROM "));
        assertThat(runStage).as("the runtime stage").contains("target/caravan.jar").containsPattern("(?m)^EXPOSE 8080 8081$");
        Matcher user = Pattern.compile("(?m)^USER (\\S+)").matcher(runStage);
        assertThat(user.find()).as("the runtime stage sets a USER").isTrue();
        assertThat(user.group(1)).as("the hub's user").doesNotStartWith("root").doesNotStartWith("0:").isNotEqualTo("0");
    }

    @Test
    void theHubIsConfiguredForTheOtherServices() {
        Map<String, String> env = environment(service("hub"));

        URI mqtt = URI.create(env.get("MQTT_URL"));
        assertThat(mqtt.getScheme()).isEqualTo("tcp");
        assertThat(mqtt.getHost()).isEqualTo("mosquitto");
        assertThat(mqtt.getPort()).isEqualTo(1883);
        assertThat(env).containsKeys("MQTT_USERNAME", "MQTT_PASSWORD");

        assertThat(env.get("DB_URL")).isEqualTo("jdbc:postgresql://postgres:5432/caravan");
        Map<String, String> postgres = environment(service("postgres"));
        assertThat(postgres.get("POSTGRES_DB")).isEqualTo("caravan");
        assertThat(env.get("DB_USER")).as("the hub's database user is the one postgres creates")
                .isEqualTo(postgres.get("POSTGRES_USER"));
        assertThat(env.get("DB_PASSWORD")).isEqualTo(postgres.get("POSTGRES_PASSWORD"));

        assertThat(env.get("REDIS_URL")).isEqualTo("redis://redis:6379");
        assertThat(env.get("CARAVAN_DEMO")).isEqualTo("false");
    }

    @Test
    void secretsHaveDevelopmentDefaultsThatAnEnvFileOverrides() throws IOException {
        Map<String, String> hub = environment(service("hub"));
        for (String secret : List.of("MQTT_PASSWORD", "DB_PASSWORD", "CARAVAN_ADMIN_PASSWORD")) {
            assertThat(hub.get(secret)).as(secret).matches("\\$\\{" + secret + ":-[^}]+}");
        }
        Set<String> variables = new LinkedHashSet<>();
        String withoutComments = Files.readString(COMPOSE_FILE).replaceAll("(?m)^\\s*#.*$", "");
        Matcher m = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)").matcher(withoutComments);
        while (m.find()) {
            variables.add(m.group(1));
        }
        String example = Files.readString(REPO.resolve(".env.example"));
        for (String variable : variables) {
            assertThat(example).as(".env.example documents " + variable).containsPattern("(?m)^" + variable + "=");
        }
    }

    @Test
    void theHubStartsOnlyAfterTheOtherServicesAreHealthy() {
        Map<String, Object> dependsOn = map(service("hub").get("depends_on"), "hub.depends_on");
        for (String name : List.of("mosquitto", "postgres", "redis")) {
            assertThat(string(map(dependsOn.get(name), "hub.depends_on." + name).get("condition")))
                    .as("hub waits for " + name).isEqualTo("service_healthy");
            assertThat(service(name)).as(name + " has a health check").containsKey("healthcheck");
        }
        assertThat(string(service("hub").get("restart"))).isEqualTo("unless-stopped");
    }

    @Test
    void theDocumentedPortsArePublished() {
        assertThat(publishedPorts(service("hub"))).containsEntry(8080, 8080).containsEntry(8081, 8081);
        assertThat(publishedPorts(service("mosquitto"))).containsEntry(1883, 1883).containsEntry(9001, 9001);
    }

    @Test
    void theBrokerRunsTheRepositoryConfigurationWithItsPasswordFileAndAcl() throws IOException {
        Map<String, String> mounts = mounts(service("mosquitto"));
        assertThat(mounts).as("mosquitto's mounts (container path -> source)")
                .containsEntry("/mosquitto/config/mosquitto.conf", "./mosquitto.conf");

        Map<String, String> conf = new LinkedHashMap<>();
        for (String line : Files.readAllLines(REPO.resolve("mosquitto.conf"))) {
            String[] parts = line.trim().split("\\s+", 2);
            if (parts.length == 2 && !parts[0].startsWith("#")) {
                conf.putIfAbsent(parts[0], parts[1]);
            }
        }
        for (String option : List.of("password_file", "acl_file")) {
            String inContainer = conf.get(option);
            assertThat(inContainer).as(option + " in mosquitto.conf").isNotNull();
            Path onHost = hostPath(mounts, inContainer);
            assertThat(onHost).as(option + " " + inContainer + " is mounted from the repository").isNotNull();
            assertThat(onHost).as(option + " on the host").isRegularFile();
        }
        String data = conf.get("persistence_location");
        assertThat(mounts.keySet()).as("persistence_location " + data + " is on a volume")
                .anyMatch(target -> data.startsWith(target.endsWith("/") ? target : target + "/"));
    }

    @Test
    void theDefaultHubLoginIsInTheBrokersPasswordFile() throws Exception {
        Map<String, String> hub = environment(service("hub"));
        String user = defaultValue(hub.get("MQTT_USERNAME"));
        String password = defaultValue(hub.get("MQTT_PASSWORD"));
        assertThat(environment(service("mosquitto")))
                .as("the broker's health check logs in as the hub")
                .containsEntry("MQTT_USERNAME", hub.get("MQTT_USERNAME"))
                .containsEntry("MQTT_PASSWORD", hub.get("MQTT_PASSWORD"));

        String entry = Files.readAllLines(REPO.resolve("mosquitto/passwd")).stream()
                .filter(line -> line.startsWith(user + ":")).findFirst().orElse(null);
        assertThat(entry).as("mosquitto/passwd has the hub's user " + user).isNotNull();
        assertThat(passwordMatches(entry.substring(user.length() + 1), password))
                .as("mosquitto/passwd accepts the stack's default MQTT_PASSWORD for " + user).isTrue();
    }

    /** "${NAME:-value}" -> value. */
    private static String defaultValue(String reference) {
        Matcher m = Pattern.compile("\\$\\{[A-Za-z0-9_]+:-([^}]*)}").matcher(reference);
        assertThat(m.matches()).as(reference + " has a default").isTrue();
        return m.group(1);
    }

    /** Checks a password against a mosquitto_passwd hash "$7$iterations$salt$hash" (PBKDF2-HMAC-SHA512). */
    private static boolean passwordMatches(String hash, String password) throws Exception {
        String[] parts = hash.split("\\$");
        assertThat(parts).as("a mosquitto 2.0 hash ($7$...)").hasSize(5);
        assertThat(parts[1]).isEqualTo("7");
        byte[] salt = Base64.getDecoder().decode(parts[3]);
        byte[] expected = Base64.getDecoder().decode(parts[4]);
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, Integer.parseInt(parts[2]),
                expected.length * 8);
        byte[] actual = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        return MessageDigest.isEqual(expected, actual);
    }

    // --- the compose file ------------------------------------------------------------------------------------------

    private static Map<String, Object> service(String name) {
        return map(services.get(name), "service " + name);
    }

    /** environment: as a map or as a list of NAME=value. */
    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object value = service.get("environment");
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> env.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                String entry = String.valueOf(item);
                int eq = entry.indexOf('=');
                env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? null : entry.substring(eq + 1));
            }
        }
        return env;
    }

    /** Published host port to container port, from short ("[ip:]host:container[/proto]") or long syntax. */
    private static Map<Integer, Integer> publishedPorts(Map<String, Object> service) {
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        Object value = service.get("ports");
        if (!(value instanceof List<?> list)) {
            return ports;
        }
        for (Object item : list) {
            if (item instanceof Map<?, ?> port) {
                if (port.get("published") != null) {
                    ports.put(Integer.valueOf(string(port.get("published"))), Integer.valueOf(string(port.get("target"))));
                }
                continue;
            }
            String spec = string(item).replaceAll("/(tcp|udp)$", "");
            String[] parts = spec.split(":");
            if (parts.length >= 2) {
                ports.put(Integer.valueOf(parts[parts.length - 2]), Integer.valueOf(parts[parts.length - 1]));
            }
        }
        return ports;
    }

    /** Container path to source (a host path or a volume name), from short ("src:target[:mode]") or long syntax. */
    private static Map<String, String> mounts(Map<String, Object> service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        Object value = service.get("volumes");
        if (!(value instanceof List<?> list)) {
            return mounts;
        }
        for (Object item : list) {
            if (item instanceof Map<?, ?> mount) {
                mounts.put(string(mount.get("target")), string(mount.get("source")));
            } else {
                String[] parts = string(item).split(":");
                mounts.put(parts[1], parts[0]);
            }
        }
        return mounts;
    }

    /** The repository file behind a path in the container, through the longest bind mount containing it. */
    private static Path hostPath(Map<String, String> mounts, String containerPath) {
        String bestTarget = null;
        for (Map.Entry<String, String> mount : mounts.entrySet()) {
            String target = mount.getKey();
            boolean bind = mount.getValue().startsWith(".") || mount.getValue().startsWith("/");
            boolean contains = containerPath.equals(target) || containerPath.startsWith(target + "/");
            if (bind && contains && (bestTarget == null || target.length() > bestTarget.length())) {
                bestTarget = target;
            }
        }
        if (bestTarget == null) {
            return null;
        }
        String rest = containerPath.substring(bestTarget.length()).replaceFirst("^/", "");
        Path source = REPO.resolve(mounts.get(bestTarget)).normalize();
        return rest.isEmpty() ? source : source.resolve(rest);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        assertThat(value).as(what + " is a mapping").isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static String string(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    // --- the compose tool ------------------------------------------------------------------------------------------

    /** docker-compose (v1) or the docker CLI's compose plugin (v2), whichever is installed; null if neither. */
    private static List<String> composeCommand() {
        if (succeeds(List.of("docker-compose", "version"))) {
            return new ArrayList<>(List.of("docker-compose"));
        }
        if (succeeds(List.of("docker", "compose", "version"))) {
            return new ArrayList<>(List.of("docker", "compose"));
        }
        return null;
    }

    private static boolean succeeds(List<String> command) {
        try {
            return run(command).exitCode() == 0;
        } catch (IOException e) {
            return false; // not installed
        }
    }

    private static Result run(List<String> command) throws IOException {
        Path output = Files.createTempFile("compose-", ".out");
        try {
            Process process = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in 60 s");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static File nullDevice() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private record Result(int exitCode, String output) {
    }
}
