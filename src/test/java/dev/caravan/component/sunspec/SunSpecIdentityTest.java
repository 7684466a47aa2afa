package dev.caravan.component.sunspec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Who a device is, from its common model (model 1). */
class SunSpecIdentityTest {

    private static DeviceReading reading(ModelImage... images) {
        return new DeviceReading(List.of(images).stream().map(Decoding::decode).toList(), List.of());
    }

    @Test
    void theIdentityIsManufacturerModelSerialNumberAndVersion() {
        DeviceReading reading = reading(OfficialModels.image(1).set("Mn", "Solar Co").set("Md", "SC-10K")
                .set("SN", "A1234").set("Vr", "4.2.1").set("Opt", "grid"));

        assertThat(SunSpecIdentity.of(reading))
                .contains(new SunSpecIdentity("Solar Co", "SC-10K", "A1234", "4.2.1"));
    }

    @Test
    void aPointTheDeviceLeavesEmptyIsNull() {
        DeviceReading reading = reading(OfficialModels.image(1).set("Mn", "Solar Co").set("Vr", ""));

        assertThat(SunSpecIdentity.of(reading).orElseThrow().version()).isNull();
    }

    @Test
    void aDeviceWithoutACommonModelHasNoIdentity() {
        assertThat(SunSpecIdentity.of(reading(OfficialModels.image(103)))).isEmpty();
    }
}
