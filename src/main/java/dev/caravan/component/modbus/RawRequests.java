package dev.caravan.component.modbus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.digitalpetri.modbus.pdu.WriteMultipleCoilsRequest;
import com.digitalpetri.modbus.pdu.WriteMultipleRegistersRequest;
import com.digitalpetri.modbus.pdu.WriteSingleCoilRequest;
import com.digitalpetri.modbus.pdu.WriteSingleRegisterRequest;

import dev.caravan.component.modbus.connection.ModbusRequests;
import dev.caravan.component.modbus.map.PointCodec;
import dev.caravan.component.modbus.map.Table;

/**
 * Requests by function code, address and quantity, without a register map. Reads give a list of booleans (coils,
 * discrete inputs) or of unsigned register values; writes take a boolean, a number, or a list of them.
 */
final class RawRequests {

    private RawRequests() {
    }

    static PreparedRequest prepare(int function, int address, int quantity, Object body) {
        if (address < 0 || address > 0xFFFF) {
            throw new IllegalArgumentException("address: 0 to 65535, not " + address);
        }
        return switch (function) {
            case 1 -> read(Table.COIL, address, quantity);
            case 2 -> read(Table.DISCRETE_INPUT, address, quantity);
            case 3 -> read(Table.HOLDING, address, quantity);
            case 4 -> read(Table.INPUT, address, quantity);
            case 5 -> new PreparedRequest(new WriteSingleCoilRequest(address, bit(body)), r -> body);
            case 6 -> new PreparedRequest(new WriteSingleRegisterRequest(address, word(body)), r -> body);
            case 15 -> {
                List<?> values = list(body);
                byte[] packed = new byte[(values.size() + 7) / 8];
                for (int i = 0; i < values.size(); i++) {
                    if (bit(values.get(i))) {
                        packed[i / 8] |= (byte) (1 << (i % 8));
                    }
                }
                yield new PreparedRequest(new WriteMultipleCoilsRequest(address, values.size(), packed), r -> body);
            }
            case 16 -> {
                List<?> values = list(body);
                byte[] words = new byte[values.size() * 2];
                for (int i = 0; i < values.size(); i++) {
                    int word = word(values.get(i));
                    words[2 * i] = (byte) (word >> 8);
                    words[2 * i + 1] = (byte) word;
                }
                yield new PreparedRequest(new WriteMultipleRegistersRequest(address, values.size(), words), r -> body);
            }
            default -> throw new IllegalArgumentException("function " + function
                    + ": one of 1, 2, 3, 4 (read) and 5, 6, 15, 16 (write)");
        };
    }

    private static PreparedRequest read(Table table, int address, int quantity) {
        return new PreparedRequest(ModbusRequests.read(table, address, quantity), response -> {
            byte[] data = ModbusRequests.data(response);
            List<Object> values = new ArrayList<>(quantity);
            for (int i = 0; i < quantity; i++) {
                values.add(table.bits() ? (data[i / 8] >> (i % 8) & 1) == 1
                        : (Object) ((data[2 * i] & 0xFF) << 8 | data[2 * i + 1] & 0xFF));
            }
            return values;
        });
    }

    private static boolean bit(Object value) {
        return PointCodec.bit(value).orElseThrow(() -> new IllegalArgumentException(
                "a coil takes true or false, not " + value));
    }

    /** A register's 16 bits; negative numbers down to −32768 are written as their two's complement. */
    private static int word(Object value) {
        long number;
        if (value instanceof Number n) {
            number = n.longValue();
        } else {
            try {
                number = Long.parseLong(String.valueOf(value).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a register takes a whole number, not " + value);
            }
        }
        if (number < Short.MIN_VALUE || number > 0xFFFF) {
            throw new IllegalArgumentException("a register takes −32768 to 65535, not " + number);
        }
        return (int) number & 0xFFFF;
    }

    private static List<?> list(Object body) {
        if (body instanceof Collection<?> c && !c.isEmpty()) {
            return List.copyOf(c);
        }
        if (body instanceof boolean[] bits && bits.length > 0) {
            List<Boolean> values = new ArrayList<>();
            for (boolean b : bits) {
                values.add(b);
            }
            return values;
        }
        if (body instanceof int[] words && words.length > 0) {
            return java.util.Arrays.stream(words).boxed().toList();
        }
        throw new IllegalArgumentException("writing several values takes a non-empty list, not " + body);
    }
}
