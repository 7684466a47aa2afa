package dev.caravan.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.caravan.tls.TlsSettings.ClientAuth;

/** TLS settings are checked when the hub starts, with the property to fix in the message. */
class TlsSettingsTest {

    @TempDir
    Path dir;

    @Test
    void withoutAKeyStoreTlsIsOffAndNothingIsChecked() {
        TlsSettings off = new TlsSettings(null, null, "/nowhere", null, ClientAuth.REQUIRED).validated("x.tls");

        assertThat(off.enabled()).isFalse();
    }

    @Test
    void aKeyStoreThatCannotBeReadStopsTheStartNamingTheProperty() {
        TlsSettings settings = new TlsSettings(dir.resolve("missing.p12").toString(), "pw", null, null, null);

        assertThatThrownBy(() -> settings.validated("caravan.api.tls"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("caravan.api.tls.keystore").hasMessageContaining("missing.p12");
    }

    @Test
    void clientCertificatesNeedATrustStore() throws Exception {
        Path keystore = Files.createFile(dir.resolve("server.p12"));
        TlsSettings settings = new TlsSettings(keystore.toString(), "pw", null, null, ClientAuth.REQUIRED);

        assertThatThrownBy(() -> settings.validated("caravan.mqtt.embedded.tls"))
                .hasMessageContaining("caravan.mqtt.embedded.tls.truststore");
    }

    @Test
    void clientAuthenticationDefaultsToNone() throws Exception {
        Path keystore = Files.createFile(dir.resolve("server.p12"));

        TlsSettings settings = new TlsSettings(keystore.toString(), "pw", null, null, null).validated("x.tls");

        assertThat(settings.enabled()).isTrue();
        assertThat(settings.clientAuth()).isEqualTo(ClientAuth.NONE);
    }
}
