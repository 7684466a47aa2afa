package dev.caravan.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ManagementPasswordEncoderTest {

    private final ManagementPasswordEncoder encoder = new ManagementPasswordEncoder();

    @Test
    void theConfiguredPasswordMatches() {
        assertThat(encoder.matches("caravan", encoder.encode("caravan"))).isTrue();
    }

    @Test
    void anotherPasswordDoesNot() {
        String encoded = encoder.encode("caravan");

        assertThat(encoder.matches("caravan ", encoded)).isFalse();
        assertThat(encoder.matches("Caravan", encoded)).isFalse();
        assertThat(encoder.matches("", encoded)).isFalse();
    }

    @Test
    void theStoredFormIsNotThePassword() {
        assertThat(encoder.encode("caravan")).doesNotContain("caravan");
    }

    @Test
    void aMalformedStoredValueMatchesNothing() {
        assertThat(encoder.matches("caravan", "not base64 %%")).isFalse();
        assertThat(encoder.matches("caravan", null)).isFalse();
    }

    @Test
    void twoHubsDoNotShareTheirStoredForm() {
        assertThat(new ManagementPasswordEncoder().encode("caravan")).isNotEqualTo(encoder.encode("caravan"));
    }
}
