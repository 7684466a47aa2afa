package dev.caravan.component.modbus;

import java.util.function.Function;

import com.digitalpetri.modbus.pdu.ModbusRequestPdu;
import com.digitalpetri.modbus.pdu.ModbusResponsePdu;

/** A request to send, and how its answer becomes the message body. */
record PreparedRequest(ModbusRequestPdu pdu, Function<ModbusResponsePdu, Object> result) {
}
