package dev.caravan.component.sunspec;

import java.io.IOException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import com.digitalpetri.modbus.pdu.ModbusRequestPdu;
import com.digitalpetri.modbus.pdu.ModbusResponsePdu;
import com.digitalpetri.modbus.pdu.WriteMultipleRegistersRequest;

import dev.caravan.component.modbus.connection.Failures;
import dev.caravan.component.modbus.connection.ModbusConnection;
import dev.caravan.component.modbus.connection.ModbusRequests;
import dev.caravan.component.modbus.map.Table;

/**
 * A SunSpec device's holding registers over a shared Modbus connection, one unit id. Blocking, because discovery and
 * decoding walk the device step by step; the connection still sends one request at a time. Counts the answers the
 * device gave (values or Modbus exceptions), so that a caller can tell a device that is not SunSpec from one that is
 * not there.
 */
public final class ModbusRegisterReader implements RegisterReader {

    private final ModbusConnection connection;
    private final int unitId;
    private final AtomicLong answers = new AtomicLong();

    public ModbusRegisterReader(ModbusConnection connection, int unitId) {
        this.connection = connection;
        this.unitId = unitId;
    }

    @Override
    public short[] read(int address, int count) throws IOException {
        byte[] data = ModbusRequests.data(send(ModbusRequests.read(Table.HOLDING, address, count)));
        short[] registers = new short[data.length / 2];
        for (int i = 0; i < registers.length; i++) {
            registers[i] = (short) ((data[2 * i] & 0xFF) << 8 | data[2 * i + 1] & 0xFF);
        }
        return registers;
    }

    /** Writes registers from {@code address} on with function code 16; never repeated here. */
    public void write(int address, short[] words) throws IOException {
        byte[] data = new byte[words.length * 2];
        for (int i = 0; i < words.length; i++) {
            data[2 * i] = (byte) (words[i] >> 8);
            data[2 * i + 1] = (byte) words[i];
        }
        send(new WriteMultipleRegistersRequest(address, words.length, data));
    }

    /** How many requests the device has answered so far, with values or with a Modbus exception. */
    public long answers() {
        return answers.get();
    }

    private ModbusResponsePdu send(ModbusRequestPdu request) throws IOException {
        CompletionStage<ModbusResponsePdu> sent = connection.send(unitId, request);
        try {
            ModbusResponsePdu response = sent.toCompletableFuture().get();
            answers.incrementAndGet();
            return response;
        } catch (ExecutionException e) {
            Throwable failure = Failures.unwrap(e);
            if (Failures.deviceAnswered(failure)) {
                answers.incrementAndGet();
            }
            throw new ModbusReadException(Failures.code(failure), Failures.message(failure), failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModbusReadException("INTERRUPTED", "interrupted while waiting for the device", e);
        }
    }

    /** A request that failed, with the short code of command outcomes (ILLEGAL_DATA_ADDRESS, TIMEOUT, ...). */
    public static final class ModbusReadException extends IOException {

        private final String code;

        ModbusReadException(String code, String message, Throwable cause) {
            super(message, cause);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
