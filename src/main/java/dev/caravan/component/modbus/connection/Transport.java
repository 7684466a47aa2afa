package dev.caravan.component.modbus.connection;

import java.util.Locale;

/**
 * How Modbus frames travel: Modbus TCP (MBAP header), RTU frames (unit id and CRC) through a TCP gateway, or RTU
 * frames on a local serial port.
 */
public enum Transport {
    TCP,
    RTU_OVER_TCP,
    RTU;

    /** RTU frames carry no transaction id: an answer is matched to a request only by there being one at a time. */
    public boolean pipelines() {
        return this == TCP;
    }

    public boolean serial() {
        return this == RTU;
    }

    public static Transport parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "tcp" -> TCP;
            case "rtu-over-tcp", "rtutcp", "rtu-tcp" -> RTU_OVER_TCP;
            case "rtu", "serial" -> RTU;
            default -> throw new IllegalArgumentException("transport '" + text + "': tcp, rtu-over-tcp or rtu");
        };
    }
}
