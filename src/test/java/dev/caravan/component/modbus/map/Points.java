package dev.caravan.component.modbus.map;

import java.util.Map;

/** Points for tests, with the defaults of a profile. */
final class Points {

    private Points() {
    }

    static Point of(String name, Table table, int address, DataType type, Endian byteOrder, Endian wordOrder) {
        return new Point(name, table, address, type, byteOrder, wordOrder, 1.0, 0.0, null, "g", 0,
                type.registers(), Map.of(), Map.of(), 0.0, false);
    }

    static Point of(String name, Table table, int address, DataType type) {
        return of(name, table, address, type, Endian.BIG, Endian.BIG);
    }

    static Point scaled(String name, int address, DataType type, double scale, double offset) {
        return new Point(name, Table.HOLDING, address, type, Endian.BIG, Endian.BIG, scale, offset, null, "g", 0,
                type.registers(), Map.of(), Map.of(), 0.0, true);
    }

    static Point string(String name, int address, int length, Endian byteOrder) {
        return new Point(name, Table.HOLDING, address, DataType.STRING, byteOrder, Endian.BIG, 1.0, 0.0, null, "g", 0,
                length, Map.of(), Map.of(), 0.0, true);
    }

    static Point bitOfRegister(String name, int address, int bit) {
        return new Point(name, Table.HOLDING, address, DataType.BIT, Endian.BIG, Endian.BIG, 1.0, 0.0, null, "g", bit,
                1, Map.of(), Map.of(), 0.0, false);
    }

    static Point labelled(String name, int address, DataType type, Map<Integer, String> labels) {
        return new Point(name, Table.HOLDING, address, type, Endian.BIG, Endian.BIG, 1.0, 0.0, null, "g", 0, 1,
                type == DataType.ENUM ? labels : Map.of(), type == DataType.BITFIELD ? labels : Map.of(), 0.0, true);
    }

    static Point in(Table table, Point p) {
        return new Point(p.name(), table, p.address(), p.type(), p.byteOrder(), p.wordOrder(), p.scale(), p.offset(),
                p.unit(), p.group(), p.bit(), p.length(), p.labels(), p.flags(), p.deadband(), false);
    }
}
