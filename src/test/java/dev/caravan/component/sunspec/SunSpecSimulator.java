package dev.caravan.component.sunspec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

import dev.caravan.testing.PymodbusServer;

/**
 * Test side: SunSpec devices served by a real Modbus server (Debian's pymodbus, tests/modbus/server.py), each unit id
 * a device whose holding registers are a {@link SunSpecImage} (built from the official definitions), passed with the
 * server's {@code --set UNIT:hr:ADDRESS=...}. Registers the images do not cover read as 0, up to the last register of
 * the highest image, so that a device at 0 or 50000 has nothing but zeros at 40000.
 */
final class SunSpecSimulator {

    private final Map<Integer, Device> units = new TreeMap<>();

    private record Device(SunSpecImage image, boolean endMarker) {
    }

    /** A device with its end marker after the last model. */
    SunSpecSimulator unit(int unitId, SunSpecImage image) {
        units.put(unitId, new Device(image, true));
        return this;
    }

    /** A device whose chain just stops: zeros follow its last model. */
    SunSpecSimulator unitWithoutEndMarker(int unitId, SunSpecImage image) {
        units.put(unitId, new Device(image, false));
        return this;
    }

    PymodbusServer start() throws IOException {
        List<String> args = new ArrayList<>();
        StringJoiner unitIds = new StringJoiner(",");
        int size = 1000;
        for (Map.Entry<Integer, Device> unit : units.entrySet()) {
            short[] registers = unit.getValue().image().registers(unit.getValue().endMarker());
            StringJoiner words = new StringJoiner(",");
            for (short register : registers) {
                words.add(String.valueOf(register & 0xFFFF));
            }
            unitIds.add(String.valueOf(unit.getKey()));
            args.add("--set");
            args.add(unit.getKey() + ":hr:" + unit.getValue().image().base() + "=" + words);
            // room for two registers of zeros after the image: a header read there finds length 0
            size = Math.max(size, unit.getValue().image().base() + registers.length + 2);
        }
        args.addAll(List.of("--units", unitIds.toString(), "--size", String.valueOf(size)));
        return PymodbusServer.start(args.toArray(String[]::new));
    }
}
