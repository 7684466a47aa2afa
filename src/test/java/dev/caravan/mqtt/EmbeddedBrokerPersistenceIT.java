package dev.caravan.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.caravan.mqtt.MqttProperties.BrokerPersistence;
import dev.caravan.runtime.DataDirectory;
import dev.caravan.runtime.FreePorts;
import dev.caravan.testing.TestDevice;

/**
 * {@code caravan.mqtt.embedded.persistence}: on disk, a retained message (a device's configuration) outlives a restart
 * of the broker; in memory it does not.
 */
class EmbeddedBrokerPersistenceIT {

    private Path folder;

    @AfterEach
    void removeFolder() throws Exception {
        if (folder != null) {
            try (var paths = Files.walk(folder)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private EmbeddedMqttBroker start(BrokerPersistence persistence, int port) {
        return new EmbeddedMqttBroker(new DataDirectory(folder.toString(), false),
                new MqttProperties.Embedded(true, "127.0.0.1", port, FreePorts.pick(), "/mqtt", 1000, 500, false,
                        true, 0, null, persistence),
                null);
    }

    /** The retained payloads a new subscriber of the topic gets, up to a fresh message published after it. */
    private static List<String> retainedAfterRestart(String url, String topic) {
        try (TestDevice reader = TestDevice.connect(url, "reader-" + System.nanoTime());
             TestDevice writer = TestDevice.connect(url, "writer-" + System.nanoTime())) {
            reader.subscribe(topic);
            writer.publish(topic, "marker".getBytes(StandardCharsets.UTF_8), false);
            await().atMost(Duration.ofSeconds(10)).until(() -> reader.received().stream()
                    .anyMatch(m -> m.payload().equals("marker")));
            return reader.received().stream().filter(TestDevice.Received::retained).map(TestDevice.Received::payload)
                    .toList();
        }
    }

    private List<String> retainedConfigurationAcrossRestart(BrokerPersistence persistence) throws Exception {
        folder = Files.createTempDirectory("caravan-broker-");
        int port = FreePorts.pick();
        String url = "tcp://127.0.0.1:" + port;
        String topic = "device/persist-1/config";
        try (EmbeddedMqttBroker broker = start(persistence, port);
             TestDevice hub = TestDevice.connect(url, "hub-" + System.nanoTime())) {
            hub.publish(topic, "{\"version\":3}".getBytes(StandardCharsets.UTF_8), true);
        }
        try (EmbeddedMqttBroker restarted = start(persistence, port)) {
            return retainedAfterRestart(url, topic);
        }
    }

    @Test
    void onDiskARetainedConfigurationOutlivesARestart() throws Exception {
        assertThat(retainedConfigurationAcrossRestart(BrokerPersistence.FILE)).containsExactly("{\"version\":3}");
    }

    @Test
    void inMemoryARetainedConfigurationIsGoneAfterARestart() throws Exception {
        assertThat(retainedConfigurationAcrossRestart(BrokerPersistence.IN_MEMORY)).isEmpty();
    }
}
