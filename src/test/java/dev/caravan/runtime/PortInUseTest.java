package dev.caravan.runtime;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

class PortInUseTest {

    @Test
    void aPortAnotherProcessListensOnIsRefusedWithTheSettingToChange() throws Exception {
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = other.getLocalPort();

            assertThatThrownBy(() -> PortInUse.refuse(port, "PostgreSQL", "caravan.db.embedded.port (DB_PORT)"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("embedded PostgreSQL cannot start: port " + port + " is already in use")
                    .hasMessageContaining("caravan.db.embedded.port (DB_PORT)");
        }
    }

    @Test
    void aPortAllOnItsOwnIsAccepted() {
        int port = FreePorts.pick();

        assertThatCode(() -> PortInUse.refuse(port, "Redis", "caravan.redis.embedded.port (REDIS_PORT)"))
                .doesNotThrowAnyException();
    }
}
