package dev.caravan.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.caravan.support.BadRequestException;

class DeviceSpecTest {

    private static DeviceSpec spec(String id, String type, String protocol) {
        return new DeviceSpec(id, type, null, null, null, protocol, null, List.of("site-a", "site-a"));
    }

    @Test
    void fillsDefaultsAndDropsRepeatedGroups() {
        DeviceSpec valid = spec("meter-1", "meter", null).validated();

        assertThat(valid.protocol()).isEqualTo("mqtt");
        assertThat(valid.groups()).containsExactly("site-a");
    }

    @Test
    void namesTheFieldThatBreaksARule() {
        assertThatThrownBy(() -> spec("bad id", "meter", null).validated())
                .isInstanceOf(BadRequestException.class).hasMessageStartingWith("id:");
        assertThatThrownBy(() -> spec("m1", null, null).validated())
                .isInstanceOf(BadRequestException.class).hasMessageStartingWith("type:");
        assertThatThrownBy(() -> spec("m1", "meter", "zigbee").validated())
                .isInstanceOf(BadRequestException.class).hasMessageStartingWith("protocol:");
    }
}
