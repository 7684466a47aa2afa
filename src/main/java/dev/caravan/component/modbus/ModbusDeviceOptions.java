package dev.caravan.component.modbus;

import java.time.Duration;

import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

import dev.caravan.component.modbus.poll.PollSettings;

/**
 * The options every endpoint on a Modbus device shares, {@code modbus:} and {@code sunspec:} alike: where the device
 * is, what the hub calls it, how long to wait for it, and when a device that stops answering counts as offline.
 */
@UriParams
public abstract class ModbusDeviceOptions {

    @UriPath(description = "The device's or gateway's host name or address; for modbus: with transport rtu, the"
            + " serial port (/dev/ttyUSB0).")
    @Metadata(required = true)
    private String host;
    @UriPath(description = "The TCP port.", defaultValue = "502")
    private int port = 502;
    @UriParam(description = "The unit (slave) id: which device behind a gateway; 1 for most devices.",
            defaultValue = "1")
    private int unitId = 1;
    @UriParam(description = "The device's id in the hub: names it in headers, logs and canonical topics.")
    private String deviceId;
    @UriParam(label = "advanced", description = "Time to set up the TCP connection.", defaultValue = "5s")
    private Duration connectTimeout = Duration.ofSeconds(5);
    @UriParam(description = "Time a request waits for its answer.", defaultValue = "2s")
    private Duration requestTimeout = Duration.ofSeconds(2);
    @UriParam(label = "consumer", description = "Failed polls in a row (timeouts, lost connection) before the"
            + " device is reported offline.", defaultValue = "2")
    private int offlineAfter = 2;
    @UriParam(label = "consumer", description = "Wait before the first probe of an offline device; doubled after"
            + " each failed probe up to backoffMax.", defaultValue = "1s")
    private Duration backoffInitial = Duration.ofSeconds(1);
    @UriParam(label = "consumer", description = "The longest wait between probes of an offline device.",
            defaultValue = "60s")
    private Duration backoffMax = Duration.ofSeconds(60);
    @UriParam(label = "consumer", description = "How often the online status of a device that answers is repeated,"
            + " for the hub's heartbeat monitor.", defaultValue = "60s")
    private Duration statusInterval = Duration.ofSeconds(60);

    public PollSettings pollSettings() {
        return new PollSettings(offlineAfter, backoffInitial, backoffMax, statusInterval);
    }

    /** The device id, or host-unit when none was given. */
    public String effectiveDeviceId() {
        return deviceId != null ? deviceId : host + "-" + unitId;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public int getUnitId() {
        return unitId;
    }

    public void setUnitId(int unitId) {
        this.unitId = unitId;
    }

    public String getDeviceId() {
        return deviceId;
    }

    public void setDeviceId(String deviceId) {
        this.deviceId = deviceId;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public int getOfflineAfter() {
        return offlineAfter;
    }

    public void setOfflineAfter(int offlineAfter) {
        this.offlineAfter = offlineAfter;
    }

    public Duration getBackoffInitial() {
        return backoffInitial;
    }

    public void setBackoffInitial(Duration backoffInitial) {
        this.backoffInitial = backoffInitial;
    }

    public Duration getBackoffMax() {
        return backoffMax;
    }

    public void setBackoffMax(Duration backoffMax) {
        this.backoffMax = backoffMax;
    }

    public Duration getStatusInterval() {
        return statusInterval;
    }

    public void setStatusInterval(Duration statusInterval) {
        this.statusInterval = statusInterval;
    }
}
