package dev.caravan.component.sunspec;

import java.time.Duration;

import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

import dev.caravan.component.modbus.ModbusDeviceOptions;
import dev.caravan.component.modbus.connection.ConnectionSettings;
import dev.caravan.component.modbus.connection.Transport;

/**
 * The options of a sunspec: endpoint (docs/sunspec.md lists them); those of any Modbus device come from
 * {@link ModbusDeviceOptions}.
 */
@UriParams
public class SunSpecConfiguration extends ModbusDeviceOptions {

    @UriParam(label = "consumer", description = "How often all the device's models are read.",
            defaultValue = "10s")
    private Duration interval = Duration.ofSeconds(10);

    ConnectionSettings connectionSettings() {
        // one request in flight: SunSpec devices and their gateways rarely take pipelined requests
        return new ConnectionSettings(Transport.TCP, getHost(), getPort(), getConnectTimeout(), getRequestTimeout(), 1,
                null);
    }

    public Duration getInterval() {
        return interval;
    }

    public void setInterval(Duration interval) {
        this.interval = interval;
    }
}
