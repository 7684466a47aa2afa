package dev.caravan.component.modbus.connection;

import java.util.Locale;

import com.fazecast.jSerialComm.SerialPort;

/** The settings of a serial line: baud rate, data bits, parity (none, even, odd) and stop bits (1 or 2). */
public record SerialLine(int baudRate, int dataBits, String parity, int stopBits) {

    public SerialLine {
        if (baudRate < 300) {
            throw new IllegalArgumentException("baudRate: at least 300, not " + baudRate);
        }
        if (dataBits < 7 || dataBits > 8) {
            throw new IllegalArgumentException("dataBits: 7 or 8, not " + dataBits);
        }
        parityCode(parity);
        if (stopBits != 1 && stopBits != 2) {
            throw new IllegalArgumentException("stopBits: 1 or 2, not " + stopBits);
        }
    }

    /** jSerialComm's parity constant. */
    int parityCode() {
        return parityCode(parity);
    }

    /** jSerialComm's stop bits constant. */
    int stopBitsCode() {
        return stopBits == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT;
    }

    private static int parityCode(String parity) {
        return switch (String.valueOf(parity).toLowerCase(Locale.ROOT)) {
            case "none", "n" -> SerialPort.NO_PARITY;
            case "even", "e" -> SerialPort.EVEN_PARITY;
            case "odd", "o" -> SerialPort.ODD_PARITY;
            default -> throw new IllegalArgumentException("parity: none, even or odd, not " + parity);
        };
    }
}
