package dev.caravan.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.caravan.runtime.DataDirectory;
import dev.caravan.runtime.FreePorts;
import dev.caravan.runtime.InstanceId;
import dev.caravan.testing.TestDevice;

/** The outbound publishing pool against a real broker that goes away and comes back. */
class MqttConnectionPoolIT {

    private final DataDirectory data = new DataDirectory("unused", true);
    private final int port = FreePorts.pick();
    private EmbeddedMqttBroker broker;
    private MqttConnectionPoolService pool;

    private EmbeddedMqttBroker startBroker() {
        return new EmbeddedMqttBroker(data, new MqttProperties.Embedded(true, "127.0.0.1", port, FreePorts.pick(),
                "/mqtt", 1000, 500, false, true, 0, null, null), null);
    }

    private MqttConnectionPoolService pool(int brokerPort, int size) {
        MqttProperties properties = new MqttProperties(null, "tcp://127.0.0.1:" + brokerPort, null, null, "caravan",
                Duration.ofMinutes(5), Duration.ofSeconds(2), new MqttProperties.Pool(size, 10, Duration.ofSeconds(2)),
                new MqttProperties.Inbound(1, 1, 1), null, null);
        return new MqttConnectionPoolService(properties, new InstanceId("pool-test"), new SimpleMeterRegistry());
    }

    @BeforeEach
    void start() {
        broker = startBroker();
    }

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.close();
        }
        if (broker != null) {
            broker.close();
        }
        data.close();
    }

    @Test
    void everyClientOfThePoolConnectsAndPublishesReachSubscribers() throws Exception {
        pool = pool(port, 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.connectedClients() == 3);
        try (TestDevice subscriber = TestDevice.connect("tcp://127.0.0.1:" + port, "sub")) {
            subscriber.subscribe("device/pool-test/command");

            CompletableFuture<?>[] acks = IntStream.range(0, 30)
                    .mapToObj(i -> pool.publish("device/pool-test/command", "{\"n\":" + i + "}", 1, false))
                    .toArray(CompletableFuture[]::new);
            CompletableFuture.allOf(acks).get(10, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(10)).until(() -> subscriber.received().size() == 30);
        }
    }

    @Test
    void aRetainedPublishIsKeptByTheBrokerForLaterSubscribers() throws Exception {
        pool = pool(port, 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.connectedClients() == 2);

        pool.publish("device/pool-test/config", "{\"version\":3,\"config\":{}}", 1, true).get(10, TimeUnit.SECONDS);

        try (TestDevice late = TestDevice.connect("tcp://127.0.0.1:" + port, "late")) {
            late.subscribe("device/pool-test/config");
            await().atMost(Duration.ofSeconds(10)).until(() -> late.received().size() == 1);
            assertThat(late.received().get(0).retained()).isTrue();
        }
    }

    @Test
    void withoutABrokerAPublishFailsAtOnceWithTheReason() {
        pool = pool(FreePorts.pick(), 2);

        assertThatThrownBy(() -> pool.publish("device/x/command", "{}", 1, false).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(MqttPublishException.class)
                .hasMessageContaining("no connection to the MQTT broker");
    }

    @Test
    void thePoolReconnectsWhenTheBrokerComesBack() throws Exception {
        pool = pool(port, 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.connectedClients() == 2);

        broker.close();
        broker = null;
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.connectedClients() == 0);
        broker = startBroker();

        await().atMost(Duration.ofSeconds(60)).until(() -> pool.connectedClients() == 2);
        pool.publish("device/x/command", "{}", 1, false).get(10, TimeUnit.SECONDS);
    }
}
