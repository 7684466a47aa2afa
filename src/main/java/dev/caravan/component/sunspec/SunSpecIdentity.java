package dev.caravan.component.sunspec;

import java.util.Optional;

/** Who a device is, from its common model (model 1): manufacturer Mn, model Md, serial number SN, version Vr. */
public record SunSpecIdentity(String manufacturer, String model, String serialNumber, String version) {

    public static final int COMMON_MODEL = 1;

    /** From the first common model read; empty when there is none. Points the device leaves empty are null. */
    public static Optional<SunSpecIdentity> of(DeviceReading reading) {
        return reading.model(COMMON_MODEL).map(common -> new SunSpecIdentity(text(common, "Mn"), text(common, "Md"),
                text(common, "SN"), text(common, "Vr")));
    }

    private static String text(DecodedModel common, String point) {
        Object value = common.value(point);
        return value == null ? null : value.toString();
    }
}
