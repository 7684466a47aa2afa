package dev.caravan.component.modbus;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

import dev.caravan.component.modbus.connection.ModbusConnection;
import dev.caravan.component.modbus.poll.DevicePoller;
import dev.caravan.component.modbus.poll.PollListener;

/**
 * Polls the endpoint's device by its profile and sends the route one message per outcome, with header
 * {@value ModbusConstants#KIND}: {@code telemetry} (a flat map of values and {@code ts}), {@code status}
 * ({@code {"state":"online"|"offline"}}, on change) or {@code event} (a Modbus exception starting or ending), each
 * a body ready to be written as the canonical JSON of {@code device/{id}/<kind>}.
 */
public class ModbusConsumer extends DefaultConsumer implements PollListener {

    private final ModbusEndpoint endpoint;
    private final String deviceId;
    private ModbusConnection connection;
    private DevicePoller poller;

    ModbusConsumer(ModbusEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.deviceId = endpoint.getConfiguration().effectiveDeviceId();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        ModbusConfiguration configuration = endpoint.getConfiguration();
        // a broken profile stops the route's start here, with the file, point and field in the message
        var map = endpoint.registerMap();
        connection = endpoint.acquireConnection();
        ModbusComponent component = endpoint.getComponent();
        poller = new DevicePoller(deviceId, configuration.getUnitId(), map, connection, component.scheduler(),
                component.emitter(), configuration.pollSettings(), component.stats(), this);
        component.polling(deviceId, endpoint);
        poller.start();
    }

    @Override
    protected void doStop() throws Exception {
        if (poller != null) {
            poller.stop();
            endpoint.getComponent().stoppedPolling(deviceId, endpoint);
            endpoint.releaseConnection(connection);
            poller = null;
        }
        super.doStop();
    }

    @Override
    public void telemetry(Map<String, Object> values, long timestamp) {
        Map<String, Object> body = new LinkedHashMap<>(values);
        body.put("ts", timestamp);
        emit(ModbusConstants.KIND_TELEMETRY, body);
    }

    @Override
    public void status(boolean online, String reason) {
        emit(ModbusConstants.KIND_STATUS, Map.of("state", online ? "online" : "offline"));
    }

    @Override
    public void event(String type, String severity, String message, Map<String, Object> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("severity", severity);
        body.put("message", message);
        body.put("ts", System.currentTimeMillis());
        body.put("data", data);
        emit(ModbusConstants.KIND_EVENT, body);
    }

    private void emit(String kind, Map<String, Object> body) {
        if (!isRunAllowed()) {
            // a poll that was under way when the route stopped: its result has nowhere to go
            return;
        }
        Exchange exchange = createExchange(true);
        exchange.getMessage().setHeader(ModbusConstants.DEVICE_ID, deviceId);
        exchange.getMessage().setHeader(ModbusConstants.KIND, kind);
        exchange.getMessage().setBody(body);
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("modbus device " + deviceId + ": the route failed on " + kind,
                    exchange, exchange.getException());
        }
        releaseExchange(exchange, false);
    }
}
