package dev.caravan.component.modbus;

import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

import dev.caravan.component.modbus.connection.ConnectionSettings;
import dev.caravan.component.modbus.connection.SerialLine;
import dev.caravan.component.modbus.connection.Transport;

/**
 * The options of a modbus: endpoint (docs/modbus.md lists them with examples); those of any Modbus device come from
 * {@link ModbusDeviceOptions}.
 */
@UriParams
public class ModbusConfiguration extends ModbusDeviceOptions implements Cloneable {

    @UriParam(description = "tcp (Modbus TCP), rtu-over-tcp (RTU frames through a serial gateway) or rtu (RTU on a"
            + " local serial port).", defaultValue = "tcp", enums = "tcp,rtu-over-tcp,rtu")
    private String transport = "tcp";
    @UriParam(description = "The register map: a file name of the profiles folder without .yaml. Required to"
            + " poll, and to read or write points by name.")
    private String profile;
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
    @UriParam(label = "producer", description = "The function code of a raw request (1, 2, 3, 4 read coils,"
            + " discrete inputs, holding and input registers; 5, 6 write one coil or register; 15, 16 write"
            + " several); the CaravanModbusFunction header overrides it.", enums = "1,2,3,4,5,6,15,16")
    private Integer function;
    @UriParam(label = "producer", description = "The first address of a raw request (0-based protocol address).")
    private Integer address;
    @UriParam(label = "producer", description = "Registers or bits a raw read asks for.", defaultValue = "1")
    private int quantity = 1;

    public ConnectionSettings connectionSettings() {
        return new ConnectionSettings(Transport.parse(transport), getHost(), getPort(), getConnectTimeout(),
                getRequestTimeout(), maxInFlight, new SerialLine(baudRate, dataBits, parity, stopBits));
    }

    public ModbusConfiguration copy() {
        try {
            return (ModbusConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    public String getTransport() {
        return transport;
    }

    public void setTransport(String transport) {
        this.transport = transport;
    }

    public String getProfile() {
        return profile;
    }

    public void setProfile(String profile) {
        this.profile = profile;
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
