package dev.caravan.component.sunspec;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;

import dev.caravan.component.modbus.connection.ModbusConnection;

/**
 * One SunSpec device (host, port, unit id). Its consumer and producer share what discovery found, so that a control
 * command does not walk the model chain again.
 */
@UriEndpoint(firstVersion = "4.17.0", scheme = "sunspec", title = "SunSpec", syntax = "sunspec:host:port",
        category = {Category.IOT}, headersClass = SunSpecConstants.class)
public class SunSpecEndpoint extends DefaultEndpoint {

    @UriParam
    private final SunSpecConfiguration configuration;
    private final SunSpecDevice device;

    SunSpecEndpoint(String uri, SunSpecComponent component, SunSpecConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
        this.device = new SunSpecDevice(component::models);
    }

    @Override
    public SunSpecComponent getComponent() {
        return (SunSpecComponent) super.getComponent();
    }

    public SunSpecConfiguration getConfiguration() {
        return configuration;
    }

    SunSpecDevice device() {
        return device;
    }

    @Override
    public Producer createProducer() {
        return new SunSpecProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        SunSpecConsumer consumer = new SunSpecConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    ModbusConnection acquireConnection() {
        return getComponent().acquireConnection(configuration.connectionSettings());
    }

    void releaseConnection(ModbusConnection connection) {
        getComponent().releaseConnection(connection);
    }
}
