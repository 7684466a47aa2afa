package dev.caravan.component.modbus;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;

import dev.caravan.component.modbus.connection.ModbusConnection;
import dev.caravan.component.modbus.map.RegisterMap;

/** One device (host, port, unit id) and how to talk to it. */
@UriEndpoint(firstVersion = "4.17.0", scheme = "modbus", title = "Modbus", syntax = "modbus:host:port",
        category = {Category.IOT}, headersClass = ModbusConstants.class)
public class ModbusEndpoint extends DefaultEndpoint {

    @UriParam
    private final ModbusConfiguration configuration;

    ModbusEndpoint(String uri, ModbusComponent component, ModbusConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public ModbusComponent getComponent() {
        return (ModbusComponent) super.getComponent();
    }

    public ModbusConfiguration getConfiguration() {
        return configuration;
    }

    @Override
    public Producer createProducer() {
        return new ModbusProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (configuration.getProfile() == null) {
            throw new IllegalArgumentException(getEndpointUri() + ": a polling consumer needs a profile (register map)");
        }
        ModbusConsumer consumer = new ModbusConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /** The endpoint's register map; fails with the profile's problem when it has none or a broken one. */
    RegisterMap registerMap() {
        if (configuration.getProfile() == null) {
            throw new IllegalArgumentException("no profile on " + getEndpointUri() + ": points need a register map");
        }
        return getComponent().registerMaps().get(configuration.getProfile());
    }

    ModbusConnection acquireConnection() {
        return getComponent().acquireConnection(configuration.connectionSettings());
    }

    void releaseConnection(ModbusConnection connection) {
        getComponent().releaseConnection(connection);
    }
}
