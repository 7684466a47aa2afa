package dev.caravan.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Outside programs that tests drive (openssl, mosquitto_pub, ...): found on the PATH or not; a test that needs a
 * missing one is skipped with the reason locally and fails in CI ({@code CI=true}), where nothing may be skipped.
 */
public final class OutsideTools {

    public static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));

    private OutsideTools() {
    }

    /** What a command printed (stdout and stderr together) and its exit code. */
    public record Result(int exitCode, String output) {
    }

    public static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** Skips (locally) or fails (CI) unless every command is on the PATH; {@code install} says how to get them. */
    public static void require(String install, String... commands) {
        for (String command : commands) {
            if (!onPath(command)) {
                String reason = command + " is not installed (" + install + ")";
                if (CI) {
                    fail(reason + "; in CI (CI=true) nothing may be skipped");
                }
                Assumptions.abort(reason);
            }
        }
    }

    /** Runs a command to its end (at most {@code timeoutSeconds}) and returns what it printed. */
    public static Result run(List<String> command, Map<String, String> environment, int timeoutSeconds)
            throws IOException, InterruptedException {
        // to a file, not a pipe: a command that hangs cannot block the reader, and the timeout holds
        Path output = Files.createTempFile("caravan-command-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within " + timeoutSeconds
                        + " s: " + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
