package dev.caravan.runtime;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import dev.caravan.CaravanApplication;

/**
 * A hub whose embedded PostgreSQL or Redis port is taken by another process does not start, and says which port and
 * setting, instead of talking to whatever listens there.
 */
class EmbeddedServerPortInUseIT {

    private static void assertRefusedWhenTaken(String setting, String message) throws Exception {
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = other.getLocalPort();

            assertThatThrownBy(() -> new SpringApplicationBuilder(CaravanApplication.class).profiles("it")
                    .run("--" + setting + "=" + port, "--server.port=0").close())
                    .hasStackTraceContaining(message + " cannot start: port " + port
                            + " is already in use by another process")
                    .hasStackTraceContaining(setting);
        }
    }

    @Test
    void aTakenPostgresqlPortStopsTheHubWithTheSettingToChange() throws Exception {
        assertRefusedWhenTaken("caravan.db.embedded.port", "embedded PostgreSQL");
    }

    @Test
    void aTakenRedisPortStopsTheHubWithTheSettingToChange() throws Exception {
        assertRefusedWhenTaken("caravan.redis.embedded.port", "embedded Redis");
    }
}
