package dev.caravan.component.sunspec;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

import dev.caravan.component.modbus.PolledDevices;
import dev.caravan.component.modbus.connection.ModbusConnections;

/**
 * {@code sunspec:host[:port]?options}: finds a SunSpec device's models and polls them into canonical telemetry
 * (consumer), and writes control points with read-back (producer). Holds what endpoints share: one Modbus connection
 * per host and port (devices behind one gateway differ by unit id), the model definitions, the telemetry mapping and
 * the poll threads.
 */
@Component("sunspec")
public class SunSpecComponent extends DefaultComponent {

    @Metadata(description = "A folder of model_<id>.json files added to (or replacing) the shipped definitions.",
            defaultValue = "adapters/sunspec/models")
    private String modelsDir = SunSpecModels.DEFAULT_FOLDER.toString();
    @Metadata(description = "The mapping of points to telemetry keys; the shipped one when the file is absent.",
            defaultValue = "adapters/sunspec/mapping.yaml")
    private String mappingFile = TelemetryMapping.DEFAULT_FILE.toString();
    @Metadata(label = "advanced", description = "Threads that read devices; a read waits for the device, so a"
            + " thread is busy for the whole poll of one device.", defaultValue = "4")
    private int pollThreads = 4;
    @Metadata(label = "advanced", description = "The route that takes the commands of the polled devices from the"
            + " broker; started with the first polled device (blank: none).", defaultValue = "sunspec-commands")
    private String commandsRoute = "sunspec-commands";

    private final ModbusConnections connections = new ModbusConnections();
    private final SunSpecStats stats = new SunSpecStats();
    private final PolledDevices<SunSpecEndpoint> polledDevices = new PolledDevices<>();
    private volatile SunSpecModels models;
    private volatile SunSpecTelemetryMapper mapper;
    private ScheduledExecutorService pollers;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        SunSpecConfiguration configuration = new SunSpecConfiguration();
        String address = remaining.startsWith("//") ? remaining.substring(2) : remaining;
        int colon = address.lastIndexOf(':');
        configuration.setHost(colon > 0 ? address.substring(0, colon) : address);
        if (colon > 0) {
            configuration.setPort(Integer.parseInt(address.substring(colon + 1)));
        }
        SunSpecEndpoint endpoint = new SunSpecEndpoint(uri, this, configuration);
        setProperties(configuration, parameters);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // definitions and mapping are read here, so that a broken file stops the start with its place
        models();
        telemetryMapper();
        pollers = getCamelContext().getExecutorServiceManager().newScheduledThreadPool(this, "sunspec-poll",
                pollThreads);
    }

    @Override
    protected void doStop() throws Exception {
        if (pollers != null) {
            getCamelContext().getExecutorServiceManager().shutdown(pollers);
            pollers = null;
        }
        super.doStop();
    }

    public SunSpecModels models() {
        SunSpecModels loaded = models;
        if (loaded == null) {
            loaded = SunSpecModels.load(Path.of(modelsDir));
            models = loaded;
        }
        return loaded;
    }

    SunSpecTelemetryMapper telemetryMapper() {
        SunSpecTelemetryMapper loaded = mapper;
        if (loaded == null) {
            loaded = new SunSpecTelemetryMapper(TelemetryMapping.load(Path.of(mappingFile)));
            mapper = loaded;
        }
        return loaded;
    }

    /** Counters of every device of this component. */
    public SunSpecStats stats() {
        return stats;
    }

    ModbusConnections connections() {
        return connections;
    }

    ScheduledExecutorService pollers() {
        return pollers;
    }

    void polling(String deviceId, SunSpecEndpoint endpoint) throws Exception {
        polledDevices.polling(deviceId, endpoint, getCamelContext(), commandsRoute);
    }

    void stoppedPolling(String deviceId, SunSpecEndpoint endpoint) {
        polledDevices.stoppedPolling(deviceId, endpoint);
    }

    /** The endpoint that polls a device: where its commands go. */
    public Optional<SunSpecEndpoint> polledDevice(String deviceId) {
        return polledDevices.get(deviceId);
    }

    public String getCommandsRoute() {
        return commandsRoute;
    }

    public void setCommandsRoute(String commandsRoute) {
        this.commandsRoute = commandsRoute;
    }

    public String getModelsDir() {
        return modelsDir;
    }

    public void setModelsDir(String modelsDir) {
        this.modelsDir = modelsDir;
        this.models = null;
    }

    public String getMappingFile() {
        return mappingFile;
    }

    public void setMappingFile(String mappingFile) {
        this.mappingFile = mappingFile;
        this.mapper = null;
    }

    public int getPollThreads() {
        return pollThreads;
    }

    public void setPollThreads(int pollThreads) {
        this.pollThreads = pollThreads;
    }
}
