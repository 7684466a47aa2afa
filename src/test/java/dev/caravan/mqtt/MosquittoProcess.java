package dev.caravan.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import org.springframework.test.context.DynamicPropertyRegistry;

import dev.caravan.runtime.FreePorts;

/**
 * Debian's /usr/sbin/mosquitto on the repository's mosquitto.conf, rewritten for a test: free ports for the two
 * listeners, the password file, ACL and persistence in a temporary folder. Everything else is kept.
 */
final class MosquittoProcess implements AutoCloseable {

    private static final Path REPO = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    static final String MISSING = "Debian's mosquitto (/usr/sbin/mosquitto, mosquitto_passwd) is not installed:"
            + " apt-get install mosquitto";
    static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));
    private static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Process process;
    private final Path dir;
    private final int port;

    private MosquittoProcess(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    static MosquittoProcess start(String hubUser, String hubPassword, Map<String, String> devices) throws Exception {
        if (!installed()) {
            if (CI) {
                fail(MISSING + "; in CI (CI=true) nothing may be skipped");
            }
            Assumptions.abort(MISSING);
        }
        Path dir = Files.createTempDirectory("caravan-mosquitto-");
        // Mosquitto started as root drops to the user 'mosquitto': it must be able to read the files and
        // write its database, as in the container.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));

        Path acl = dir.resolve("acl");
        Files.copy(REPO.resolve("mosquitto/acl"), acl, StandardCopyOption.REPLACE_EXISTING);
        Path passwd = dir.resolve("passwd");
        exec(List.of("mosquitto_passwd", "-c", "-b", passwd.toString(), hubUser, hubPassword), Map.of());
        for (Map.Entry<String, String> device : devices.entrySet()) {
            // the repository's script, as an operator adds a device
            exec(List.of("sh", REPO.resolve("mosquitto/add-device.sh").toString(), device.getKey(),
                    device.getValue()), Map.of("MOSQUITTO_PASSWD_FILE", passwd.toString()));
        }
        for (Path file : List.of(acl, passwd)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }

        int port = FreePorts.pick();
        int websocketPort = FreePorts.pick();
        Path conf = dir.resolve("mosquitto.conf");
        Files.write(conf, testConfiguration(Files.readAllLines(REPO.resolve("mosquitto.conf")), port,
                websocketPort, passwd, acl, data));
        Path log = dir.resolve("mosquitto.log");
        Process process = new ProcessBuilder(BINARY.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        MosquittoProcess mosquitto = new MosquittoProcess(process, dir, port);
        try {
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("mosquitto exited with " + process.exitValue() + ":\n"
                            + mosquitto.log());
                }
                return listening(port) && listening(websocketPort);
            });
        } catch (RuntimeException | AssertionError e) {
            mosquitto.close();
            throw e;
        }
        return mosquitto;
    }

    /** The repository's configuration with the test's ports and paths; fails on lines it does not expect. */
    static List<String> testConfiguration(List<String> lines, int port, int websocketPort, Path passwd, Path acl,
                                          Path data) {
        Map<String, Integer> listeners = Map.of("1883", port, "9001", websocketPort);
        Set<String> rewritten = new LinkedHashSet<>();
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String[] words = line.trim().split("\\s+");
            String option = words[0];
            String replaced = switch (option) {
                case "listener" -> {
                    Integer testPort = listeners.get(words[1]);
                    if (testPort == null) {
                        throw new IllegalStateException("mosquitto.conf has a listener this test does not know"
                                + " (" + line.trim() + "): give it a free port here");
                    }
                    rewritten.add("listener " + words[1]);
                    words[1] = String.valueOf(testPort);
                    yield String.join(" ", words);
                }
                case "password_file", "acl_file", "persistence_location" -> {
                    rewritten.add(option);
                    yield option + " " + switch (option) {
                        case "password_file" -> passwd.toString();
                        case "acl_file" -> acl.toString();
                        default -> data + "/";
                    };
                }
                default -> line;
            };
            out.add(replaced);
        }
        assertThat(rewritten).as("what mosquitto.conf must configure")
                .contains("listener 1883", "listener 9001", "password_file", "acl_file", "persistence_location");
        return out;
    }

    /** Points the test's hub at this broker with its own login, as MQTT_URL / MQTT_USERNAME / MQTT_PASSWORD do. */
    static void hubUses(Supplier<MosquittoProcess> broker, String hubUser, String hubPassword,
                        DynamicPropertyRegistry registry) {
        registry.add("caravan.mqtt.url", () -> broker.get().url());
        registry.add("caravan.mqtt.username", () -> hubUser);
        registry.add("caravan.mqtt.password", () -> hubPassword);
    }

    /** For {@code @EnabledIf}: in CI the class runs regardless, and fails at start without mosquitto. */
    static boolean installedOrCi() {
        return CI || installed();
    }

    String url() {
        return "tcp://localhost:" + port;
    }

    /** Its password file. */
    Path passwordFile() {
        return dir.resolve("passwd");
    }

    /** The command that makes it read its password file and ACL again. */
    String reloadCommand() {
        return "kill -HUP " + process.pid();
    }

    String log() {
        try {
            return Files.readString(dir.resolve("mosquitto.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Freezes the broker (SIGSTOP): its connections stay open and nothing is answered, as in a stall. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Lets a paused broker go on (SIGCONT). */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -" + name + " mosquitto").isZero();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            // kept for a look after the run: target/mosquitto-it.log
            Files.writeString(REPO.resolve("target/mosquitto-it.log"), log());
        } catch (IOException e) {
            // diagnostics only
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder
        }
    }

    static boolean installed() {
        return Files.isExecutable(BINARY) && onPath("mosquitto_passwd");
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(java.io.File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    private static void exec(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
    }
}
