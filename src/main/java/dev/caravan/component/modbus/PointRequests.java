package dev.caravan.component.modbus;

import java.util.LinkedHashMap;
import java.util.Map;

import com.digitalpetri.modbus.pdu.WriteMultipleRegistersRequest;
import com.digitalpetri.modbus.pdu.WriteSingleCoilRequest;
import com.digitalpetri.modbus.pdu.WriteSingleRegisterRequest;

import dev.caravan.component.modbus.connection.ModbusRequests;
import dev.caravan.component.modbus.map.Point;
import dev.caravan.component.modbus.map.PointCodec;
import dev.caravan.component.modbus.map.RawBlock;
import dev.caravan.component.modbus.map.RegisterMap;

/**
 * Requests on a named point of a register map: a read decoded like a poll, or a write encoded by the point's type
 * and orders (function 5 for a coil, 6 for one register, 16 for several).
 */
final class PointRequests {

    private PointRequests() {
    }

    static PreparedRequest prepare(RegisterMap map, String name, Object value) {
        Point point = map.point(name).orElseThrow(() -> new IllegalArgumentException("no point '" + name
                + "' in profile " + map.id()));
        if (value == null) {
            return new PreparedRequest(ModbusRequests.read(point.table(), point.address(), point.size()), response -> {
                Map<String, Object> values = new LinkedHashMap<>();
                PointCodec.decode(point, new RawBlock(point.table(), point.address(), ModbusRequests.data(response)),
                        values);
                return values.size() == 1 && values.containsKey(name) ? values.get(name) : values;
            });
        }
        if (!point.writable()) {
            throw new IllegalArgumentException("point '" + name + "' of profile " + map.id() + " is not writable");
        }
        if (point.table().bits()) {
            return new PreparedRequest(new WriteSingleCoilRequest(point.address(), PointCodec.encodeBit(point, value)),
                    r -> value);
        }
        byte[] words = PointCodec.encodeRegisters(point, value);
        if (words.length == 2) {
            return new PreparedRequest(new WriteSingleRegisterRequest(point.address(),
                    (words[0] & 0xFF) << 8 | words[1] & 0xFF), r -> value);
        }
        return new PreparedRequest(new WriteMultipleRegistersRequest(point.address(), point.size(), words),
                r -> value);
    }
}
