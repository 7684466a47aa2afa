package dev.caravan.component.sunspec;

import org.apache.camel.spi.Metadata;

/** Headers of the sunspec: component. */
public final class SunSpecConstants {

    @Metadata(label = "consumer", description = "The device the message is about (the deviceId option).",
            javaType = "String")
    public static final String DEVICE_ID = "CaravanSunSpecDeviceId";
    @Metadata(label = "consumer", description = "What the message is: telemetry, status (online/offline on change)"
            + " or event (a discovery or reading problem); also the last level of the canonical topic.",
            javaType = "String")
    public static final String KIND = "CaravanSunSpecKind";
    @Metadata(label = "consumer", description = "Who the device is, from model 1: a map with manufacturer, model,"
            + " serialNumber and version (absent fields left out); not set when the device has no model 1.",
            javaType = "java.util.Map<String, String>")
    public static final String IDENTITY = "CaravanSunSpecIdentity";
    @Metadata(label = "consumer", description = "The ids of the models found, in chain order.",
            javaType = "java.util.List<Integer>")
    public static final String MODELS = "CaravanSunSpecModels";
    @Metadata(label = "consumer", description = "Where the SunS marker was found: 40000, 0 or 50000.",
            javaType = "Integer")
    public static final String BASE_ADDRESS = "CaravanSunSpecBaseAddress";
    @Metadata(label = "consumer", description = "What the last discovery ran into (unknown models, wrong lengths, a"
            + " chain without end marker): a list of maps with kind, address, modelId and message; empty when the"
            + " chain was whole.", javaType = "java.util.List<java.util.Map<String, Object>>")
    public static final String DISCOVERY_EVENTS = "CaravanSunSpecDiscoveryEvents";

    public static final String KIND_TELEMETRY = "telemetry";
    public static final String KIND_STATUS = "status";
    public static final String KIND_EVENT = "event";

    private SunSpecConstants() {
    }
}
