package dev.caravan.component.modbus;

import java.time.Duration;

import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

import dev.caravan.component.modbus.connection.ConnectionSettings;
import dev.caravan.component.modbus.connection.SerialLine;
import dev.caravan.component.modbus.connection.Transport;
import dev.caravan.component.modbus.poll.PollSettings;

/** The options of a modbus: endpoint (docs/modbus.md lists them with examples). */
@UriParams
public class ModbusConfiguration implements Cloneable {

    @UriPath(description = "The device's or gateway's host name or address; with transport rtu, the serial port"
            + " (/dev/ttyUSB0).")
    @Metadata(required = true)
    private String host;
    @UriPath(description = "The TCP port.", defaultValue = "502")
    private int port = 502;
    @UriParam(description = "tcp (Modbus TCP), rtu-over-tcp (RTU frames through a serial gateway) or rtu (RTU on a"
            + " local serial port).", defaultValue = "tcp", enums = "tcp,rtu-over-tcp,rtu")
    private String transport = "tcp";
    @UriParam(description = "The unit (slave) id: which device behind a gateway; 1 for most devices.",
            defaultValue = "1")
    private int unitId = 1;
    @UriParam(description = "The device's id in the hub: names it in headers, logs and canonical topics.")
    private String deviceId;
    @UriParam(description = "The register map: a file name of the profiles folder without .yaml. Required to"
            + " poll, and to read or write points by name.")
    private String profile;
    @UriParam(label = "advanced", description = "Time to set up the TCP connection.", defaultValue = "5s")
    private Duration connectTimeout = Duration.ofSeconds(5);
    @UriParam(description = "Time a request waits for its answer.", defaultValue = "2s")
    private Duration requestTimeout = Duration.ofSeconds(2);
    @UriParam(label = "advanced", description = "Requests on the wire at once on this connection; devices and"
            + " gateways often drop pipelined requests, so 1. Always 1 for rtu-over-tcp.", defaultValue = "1")
    private int maxInFlight = 1;
    @UriParam(label = "serial", description = "rtu: the line's baud rate.", defaultValue = "9600")
    private int baudRate = 9600;
    @UriParam(label = "serial", description = "rtu: data bits, 7 or 8.", defaultValue = "8")
    private int dataBits = 8;
    @UriParam(label = "serial", description = "rtu: parity.", defaultValue = "none", enums = "none,even,odd")
    private String parity = "none";
    @UriParam(label = "serial", description = "rtu: stop bits, 1 or 2.", defaultValue = "1")
    private int stopBits = 1;
    @UriParam(label = "consumer", description = "Failed polls in a row (timeouts, lost connection) before the"
            + " device is reported offline.", defaultValue = "2")
    private int offlineAfter = 2;
    @UriParam(label = "consumer", description = "Wait before the first probe of an offline device; doubled after"
            + " each failed probe up to backoffMax.", defaultValue = "1s")
    private Duration backoffInitial = Duration.ofSeconds(1);
    @UriParam(label = "consumer", description = "The longest wait between probes of an offline device.",
            defaultValue = "60s")
    private Duration backoffMax = Duration.ofSeconds(60);
    @UriParam(label = "consumer", description = "How often the online status of a device that answers is"
            + " repeated, so that the hub's heartbeat monitor does not take a device with steady values for gone.",
            defaultValue = "60s")
    private Duration statusInterval = Duration.ofSeconds(60);
    @UriParam(label = "producer", description = "The function code of a raw request (1, 2, 3, 4 read coils,"
            + " discrete inputs, holding and input registers; 5, 6 write one coil or register; 15, 16 write"
            + " several); the CaravanModbusFunction header overrides it.", enums = "1,2,3,4,5,6,15,16")
    private Integer function;
    @UriParam(label = "producer", description = "The first address of a raw request (0-based protocol address).")
    private Integer address;
    @UriParam(label = "producer", description = "Registers or bits a raw read asks for.", defaultValue = "1")
    private int quantity = 1;

    public ConnectionSettings connectionSettings() {
        return new ConnectionSettings(Transport.parse(transport), host, port, connectTimeout,
                requestTimeout, maxInFlight, new SerialLine(baudRate, dataBits, parity, stopBits));
    }

    public PollSettings pollSettings() {
        return new PollSettings(offlineAfter, backoffInitial, backoffMax, statusInterval);
    }

    /** The device id, or host-unit when none was given. */
    public String effectiveDeviceId() {
        return deviceId != null ? deviceId : host + "-" + unitId;
    }

    public ModbusConfiguration copy() {
        try {
            return (ModbusConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
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

    public String getTransport() {
        return transport;
    }

    public void setTransport(String transport) {
        this.transport = transport;
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

    public String getProfile() {
        return profile;
    }

    public void setProfile(String profile) {
        this.profile = profile;
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

    public int getMaxInFlight() {
        return maxInFlight;
    }

    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    public int getBaudRate() {
        return baudRate;
    }

    public void setBaudRate(int baudRate) {
        this.baudRate = baudRate;
    }

    public int getDataBits() {
        return dataBits;
    }

    public void setDataBits(int dataBits) {
        this.dataBits = dataBits;
    }

    public String getParity() {
        return parity;
    }

    public void setParity(String parity) {
        this.parity = parity;
    }

    public int getStopBits() {
        return stopBits;
    }

    public void setStopBits(int stopBits) {
        this.stopBits = stopBits;
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

    public Integer getFunction() {
        return function;
    }

    public void setFunction(Integer function) {
        this.function = function;
    }

    public Integer getAddress() {
        return address;
    }

    public void setAddress(Integer address) {
        this.address = address;
    }

    public int getQuantity() {
        return quantity;
    }

    public void setQuantity(int quantity) {
        this.quantity = quantity;
    }
}
