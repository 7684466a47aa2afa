package dev.caravan.component.modbus;

import org.apache.camel.spi.Metadata;

/** Headers of the modbus: component. */
public final class ModbusConstants {

    @Metadata(label = "consumer", description = "The device the message is about (the deviceId option).",
            javaType = "String")
    public static final String DEVICE_ID = "CaravanModbusDeviceId";
    @Metadata(label = "consumer", description = "What the consumer's message is: telemetry (values), status"
            + " (online/offline on change) or event (a Modbus exception starting or ending); also the last level of"
            + " the canonical topic it belongs on.", javaType = "String")
    public static final String KIND = "CaravanModbusKind";
    @Metadata(label = "producer", description = "The function code (1, 2, 3, 4, 5, 6, 15, 16); overrides the"
            + " function option.", javaType = "Integer")
    public static final String FUNCTION = "CaravanModbusFunction";
    @Metadata(label = "producer", description = "The first address; overrides the address option.",
            javaType = "Integer")
    public static final String ADDRESS = "CaravanModbusAddress";
    @Metadata(label = "producer", description = "How many registers or bits to read; overrides the quantity option.",
            javaType = "Integer")
    public static final String QUANTITY = "CaravanModbusQuantity";
    @Metadata(label = "producer", description = "A point of the profile: the body is written to it, or, with an"
            + " empty body, it is read and decoded.", javaType = "String")
    public static final String POINT = "CaravanModbusPoint";
    @Metadata(label = "producer", description = "The unit id of this request; overrides the unitId option.",
            javaType = "Integer")
    public static final String UNIT_ID = "CaravanModbusUnitId";

    public static final String KIND_TELEMETRY = "telemetry";
    public static final String KIND_STATUS = "status";
    public static final String KIND_EVENT = "event";

    private ModbusConstants() {
    }
}
