package dev.caravan.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.caravan.CaravanApplication;
import dev.caravan.runtime.FreePorts;

/**
 * A hub in the test's JVM (profile {@code it}) that can be stopped and started again on the same data folder and the
 * same API, PostgreSQL and Redis ports, for tests of what survives a restart. Closing it stops the hub and deletes
 * the folder.
 */
public final class RestartableHub implements AutoCloseable {

    private final int apiPort = FreePorts.pick();
    private final int dbPort = FreePorts.pick();
    private final int redisPort = FreePorts.pick();
    private final Path data;
    private final List<String> settings;
    private ConfigurableApplicationContext hub;

    /** @param settings further command-line settings, e.g. {@code --caravan.mqtt.url=...} */
    public RestartableHub(String prefix, String... settings) throws IOException {
        this.data = Files.createTempDirectory(prefix);
        this.settings = List.of(settings);
    }

    public RestartableHub start() {
        List<String> args = new ArrayList<>(List.of(
                "--caravan.embedded.ephemeral=false",
                "--caravan.data-dir=" + data,
                "--caravan.api.port=" + apiPort,
                "--caravan.db.embedded.port=" + dbPort,
                "--caravan.redis.embedded.port=" + redisPort,
                "--server.port=0"));
        args.addAll(settings);
        // arguments, not default properties: they must win over the it profile's settings
        hub = new SpringApplicationBuilder(CaravanApplication.class).profiles("it").run(args.toArray(String[]::new));
        return this;
    }

    public void stop() {
        if (hub != null) {
            hub.close();
            hub = null;
        }
    }

    public HubApi api() {
        return new HubApi(apiPort);
    }

    public int apiPort() {
        return apiPort;
    }

    /** One of the running hub's beans, to look inside it. */
    public <T> T bean(Class<T> type) {
        return hub.getBean(type);
    }

    @Override
    public void close() throws IOException {
        stop();
        try (Stream<Path> paths = Files.walk(data)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
