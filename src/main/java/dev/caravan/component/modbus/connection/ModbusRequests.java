package dev.caravan.component.modbus.connection;

import com.digitalpetri.modbus.pdu.ModbusRequestPdu;
import com.digitalpetri.modbus.pdu.ModbusResponsePdu;
import com.digitalpetri.modbus.pdu.ReadCoilsRequest;
import com.digitalpetri.modbus.pdu.ReadCoilsResponse;
import com.digitalpetri.modbus.pdu.ReadDiscreteInputsRequest;
import com.digitalpetri.modbus.pdu.ReadDiscreteInputsResponse;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersRequest;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersResponse;
import com.digitalpetri.modbus.pdu.ReadInputRegistersRequest;
import com.digitalpetri.modbus.pdu.ReadInputRegistersResponse;

import dev.caravan.component.modbus.map.Table;

/** Read requests of a table, and the data of their answers as on the wire. */
public final class ModbusRequests {

    private ModbusRequests() {
    }

    public static ModbusRequestPdu read(Table table, int address, int count) {
        if (count < 1 || count > table.maxPerRead()) {
            throw new IllegalArgumentException("quantity: 1 to " + table.maxPerRead() + " for " + table.yamlName()
                    + ", not " + count);
        }
        return switch (table) {
            case COIL -> new ReadCoilsRequest(address, count);
            case DISCRETE_INPUT -> new ReadDiscreteInputsRequest(address, count);
            case HOLDING -> new ReadHoldingRegistersRequest(address, count);
            case INPUT -> new ReadInputRegistersRequest(address, count);
        };
    }

    /** Registers two bytes each, high byte first; bits packed eight to a byte, lowest address first. */
    public static byte[] data(ModbusResponsePdu response) {
        if (response instanceof ReadHoldingRegistersResponse r) {
            return r.registers();
        }
        if (response instanceof ReadInputRegistersResponse r) {
            return r.registers();
        }
        if (response instanceof ReadCoilsResponse r) {
            return r.coils();
        }
        if (response instanceof ReadDiscreteInputsResponse r) {
            return r.inputs();
        }
        throw new IllegalArgumentException("not a read answer: " + response);
    }
}
