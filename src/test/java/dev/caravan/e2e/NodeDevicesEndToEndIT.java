package dev.caravan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import dev.caravan.testing.HubApi;
import dev.caravan.testing.HubEndpoints;
import dev.caravan.testing.HubTest;

/**
 * Runs the Node.js end-to-end suite ({@code tests/e2e/*.test.mjs}: real MQTT.js devices over TCP and WebSockets,
 * device simulators answering commands, results read back through the HTTP API and the management port's metrics)
 * against a whole hub started for this test.
 *
 * <p>Needs {@code node} (and {@code npm} when {@code tests/node_modules} is missing) on the PATH. Without them the
 * test is skipped with the reason, except in CI ({@code CI=true}), where it fails: nothing may be skipped there.
 */
@HubTest
@ExtendWith(NodeDevicesEndToEndIT.NodeOnPath.class)
class NodeDevicesEndToEndIT {

    private static final Logger LOG = LoggerFactory.getLogger(NodeDevicesEndToEndIT.class);
    private static final Duration NPM_CI_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration SUITE_TIMEOUT = Duration.ofMinutes(4);

    @Autowired
    Environment env;

    @Test
    void mqttJsDevicesSeeTheirDataThroughTheHttpApi() throws Exception {
        Path root = projectRoot();
        Path tests = root.resolve("tests");
        Path node = onPath("node").orElseThrow();
        if (!Files.isDirectory(tests.resolve("node_modules"))) {
            Path npm = onPath("npm").orElseThrow();
            Result install = run(List.of(npm.toString(), "ci", "--no-audit", "--no-fund"), tests, Map.of(),
                    NPM_CI_TIMEOUT, "npm");
            if (install.exitCode() != 0) {
                fail("npm ci in " + tests + " " + install.describe());
            }
        }

        List<String> command = new ArrayList<>(List.of(node.toString(), "--test", "--test-reporter=spec"));
        // the files themselves: a directory argument works on Node 20 only (later versions take globs instead)
        suiteFiles(tests.resolve("e2e")).forEach(file -> command.add(root.relativize(file).toString()));

        String api = "http://localhost:" + env.getRequiredProperty("caravan.api.port");
        String ws = "ws://localhost:" + env.getRequiredProperty("caravan.mqtt.embedded.websocket-port")
                + env.getProperty("caravan.mqtt.embedded.websocket-path", "/mqtt");
        // actuator (/actuator/prometheus) is on the web server's port, random in tests
        String management = "http://localhost:" + env.getRequiredProperty("local.server.port");
        Map<String, String> variables = Map.of(
                "MQTT_URL", HubEndpoints.brokerUrl(env),
                "MQTT_WS_URL", ws,
                "API_URL", api,
                "API_KEY", HubApi.ADMIN_KEY,
                "MGMT_URL", management);
        LOG.info("Running the Node.js e2e suite: {} with {}", String.join(" ", command), variables);

        Result suite = run(command, root, variables, SUITE_TIMEOUT, "node");
        if (suite.exitCode() != 0) {
            fail("node --test " + suite.describe());
        }
    }

    /** The Maven project's folder: Surefire and Failsafe set {@code basedir}; the working directory otherwise. */
    private static Path projectRoot() {
        Path root = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        assertThat(root.resolve("tests/e2e")).as("the e2e suite under the project folder").isDirectory();
        return root;
    }

    private static List<Path> suiteFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().endsWith(".test.mjs")).sorted().toList();
            assertThat(found).as("*.test.mjs files in " + dir).isNotEmpty();
            return found;
        }
    }

    /**
     * Decided before the hub starts, so that a skip costs nothing: without {@code node} (or without {@code npm} when
     * the packages are not installed yet) the test is skipped with the reason, or fails when {@code CI=true}.
     */
    static class NodeOnPath implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            List<String> missing = new ArrayList<>();
            if (onPath("node").isEmpty()) {
                missing.add("node");
            }
            if (!Files.isDirectory(projectRoot().resolve("tests/node_modules")) && onPath("npm").isEmpty()) {
                missing.add("npm");
            }
            if (missing.isEmpty()) {
                return ConditionEvaluationResult.enabled("node is on the PATH");
            }
            String reason = String.join(" and ", missing) + " not on the PATH: the Node.js end-to-end suite"
                    + " (tests/e2e) cannot run; install Node.js 20 or later with npm";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(reason + " (CI=true: nothing may be skipped)");
            }
            LOG.warn("Skipped: {}", reason);
            return ConditionEvaluationResult.disabled(reason);
        }
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, name))
                .filter(candidate -> Files.isRegularFile(candidate) && Files.isExecutable(candidate))
                .findFirst();
    }

    /** Runs a command, copying each line it prints into the test log and keeping it for the failure message. */
    private static Result run(List<String> command, Path dir, Map<String, String> variables, Duration timeout,
                              String tag) throws InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(variables);
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        StringBuffer output = new StringBuffer();
        Thread pump = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    LOG.info("[{}] {}", tag, line);
                    output.append(line).append('\n');
                }
            } catch (IOException e) {
                output.append("(output unreadable: ").append(e).append(")\n");
            }
        }, tag + "-output");
        pump.setDaemon(true);
        pump.start();

        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        pump.join(TimeUnit.SECONDS.toMillis(10));
        return new Result(finished ? process.exitValue() : -1, !finished, timeout, output.toString());
    }

    private record Result(int exitCode, boolean timedOut, Duration timeout, String output) {

        String describe() {
            return (timedOut ? "did not finish within " + timeout : "exited with " + exitCode) + ":\n" + output;
        }
    }
}
