package dev.caravan.component.sunspec;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

import dev.caravan.component.modbus.connection.ModbusConnection;

/**
 * Writes a control point: the body is a map {@code {"model":123,"point":"WMaxLimPct","value":75}},
 * the value in engineering units, an enum's symbol name or a bitfield's list of bit names. The registers are written
 * with function code 16 and the model is read back; the body becomes {@code {"model","point","value","confirmed"}}.
 * Failures are {@link SunSpecControlException}s with a code. Nothing is retried.
 */
public class SunSpecProducer extends DefaultProducer {

    private final SunSpecEndpoint endpoint;
    private ModbusConnection connection;
    private ControlWriter writer;

    SunSpecProducer(SunSpecEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        connection = endpoint.acquireConnection();
        writer = new ControlWriter(endpoint.device(),
                new ModbusRegisterReader(connection, endpoint.getConfiguration().getUnitId()));
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
    public void process(Exchange exchange) throws Exception {
        endpoint.getComponent().stats().add(SunSpecStats.Count.WRITES);
        try {
            exchange.getMessage().setBody(write(exchange.getMessage().getBody()));
        } catch (SunSpecControlException | RuntimeException e) {
            endpoint.getComponent().stats().add(SunSpecStats.Count.FAILED_WRITES);
            throw e;
        }
    }

    private Map<String, Object> write(Object body) throws SunSpecControlException {
        if (!(body instanceof Map<?, ?> request)) {
            throw new SunSpecControlException("BAD_REQUEST", "a control write takes a map {\"model\":123,"
                    + "\"point\":\"WMaxLimPct\",\"value\":75}, not " + body, null);
        }
        return writer.write(modelId(request.get("model")), pointName(request.get("point")), request.get("value"));
    }

    private static int modelId(Object model) throws SunSpecControlException {
        if (model instanceof Number number && number.doubleValue() == number.intValue() && number.intValue() > 0) {
            return number.intValue();
        }
        throw new SunSpecControlException("BAD_REQUEST", "model: a SunSpec model id such as 123, not " + model, null);
    }

    private static String pointName(Object point) throws SunSpecControlException {
        if (point instanceof String name && !name.isBlank()) {
            return name;
        }
        throw new SunSpecControlException("BAD_REQUEST", "point: the name of a writable point such as WMaxLimPct,"
                + " not " + point, null);
    }
}
