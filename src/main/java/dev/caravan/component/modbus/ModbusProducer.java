package dev.caravan.component.modbus;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultAsyncProducer;

import dev.caravan.component.modbus.connection.Failures;
import dev.caravan.component.modbus.connection.ModbusConnection;

/**
 * Reads and writes: a named point of the profile (header {@value ModbusConstants#POINT}: the body is the value to
 * write, or empty to read), or raw by function code, address and quantity. The answer (or the written value) becomes
 * the body. Nothing is retried: a write that timed out may have been applied, and only the caller can tell whether
 * writing again is safe. Failures are {@link ModbusRequestException}s with a code.
 */
public class ModbusProducer extends DefaultAsyncProducer {

    private final ModbusEndpoint endpoint;
    private ModbusConnection connection;

    ModbusProducer(ModbusEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        connection = endpoint.acquireConnection();
    }

    @Override
    protected void doStop() throws Exception {
        if (connection != null) {
            endpoint.releaseConnection(connection);
            connection = null;
        }
        super.doStop();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Message message = exchange.getMessage();
        ModbusConfiguration configuration = endpoint.getConfiguration();
        int unitId = message.getHeader(ModbusConstants.UNIT_ID, configuration.getUnitId(), Integer.class);
        PreparedRequest request;
        try {
            request = prepare(message, configuration);
        } catch (IllegalArgumentException e) {
            exchange.setException(new ModbusRequestException("BAD_REQUEST", e.getMessage(), e));
            callback.done(true);
            return true;
        }
        connection.send(unitId, request.pdu()).whenComplete((response, failure) -> {
            if (failure != null) {
                exchange.setException(new ModbusRequestException(Failures.code(failure), Failures.message(failure),
                        Failures.unwrap(failure)));
            } else {
                message.setBody(request.result().apply(response));
            }
            callback.done(false);
        });
        return false;
    }

    private PreparedRequest prepare(Message message, ModbusConfiguration configuration) {
        String point = message.getHeader(ModbusConstants.POINT, String.class);
        if (point != null) {
            return PointRequests.prepare(endpoint.registerMap(), point, message.getBody());
        }
        Integer function = message.getHeader(ModbusConstants.FUNCTION, configuration.getFunction(), Integer.class);
        Integer address = message.getHeader(ModbusConstants.ADDRESS, configuration.getAddress(), Integer.class);
        if (function == null || address == null) {
            throw new IllegalArgumentException("a request needs a point (header " + ModbusConstants.POINT
                    + "), or a function and an address (options or headers)");
        }
        int quantity = message.getHeader(ModbusConstants.QUANTITY, configuration.getQuantity(), Integer.class);
        return RawRequests.prepare(function, address, quantity, message.getBody());
    }
}
