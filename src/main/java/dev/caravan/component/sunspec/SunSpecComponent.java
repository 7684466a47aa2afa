package dev.caravan.component.sunspec;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;

import dev.caravan.component.modbus.ModbusDeviceComponent;

/**
 * {@code sunspec:host[:port]?options}: finds a SunSpec device's models and polls them into canonical telemetry
 * (consumer), and writes control points with read-back (producer). Holds what endpoints share: the model definitions,
 * the telemetry mapping and the poll threads, besides the connections and polled devices of
 * {@link ModbusDeviceComponent}.
 */
@Component("sunspec")
public class SunSpecComponent extends ModbusDeviceComponent<SunSpecEndpoint> {

    @Metadata(description = "A folder of model_<id>.json files added to (or replacing) the shipped definitions.",
            defaultValue = "adapters/sunspec/models")
    private String modelsDir = SunSpecModels.DEFAULT_FOLDER.toString();
    @Metadata(description = "The mapping of points to telemetry keys; the shipped one when the file is absent.",
            defaultValue = "adapters/sunspec/mapping.yaml")
    private String mappingFile = TelemetryMapping.DEFAULT_FILE.toString();
    @Metadata(label = "advanced", description = "Threads that read devices; a read waits for the device, so a"
            + " thread is busy for the whole poll of one device.", defaultValue = "4")
    private int pollThreads = 4;

    private final SunSpecStats stats = new SunSpecStats();
    private volatile SunSpecModels models;
    private volatile SunSpecTelemetryMapper mapper;
    private ScheduledExecutorService pollers;

    public SunSpecComponent() {
        super("sunspec-commands");
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        SunSpecConfiguration configuration = new SunSpecConfiguration();
        address(remaining, configuration);
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

    ScheduledExecutorService pollers() {
        return pollers;
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
