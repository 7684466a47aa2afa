package dev.caravan.component.modbus;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;

import dev.caravan.component.modbus.map.RegisterMaps;
import dev.caravan.component.modbus.poll.PollStats;

/**
 * {@code modbus:host[:port]?options} (or {@code modbus:/dev/ttyUSB0?transport=rtu}): polls devices by their register maps (consumer), reads and writes registers,
 * coils and named points (producer). Holds what endpoints share: one connection per transport, host and port, the
 * register maps, the poll scheduler and the threads that hand results to routes.
 */
@Component("modbus")
public class ModbusComponent extends ModbusDeviceComponent<ModbusEndpoint> {

    @Metadata(description = "The folder of the register maps (profiles).", defaultValue = "adapters/modbus")
    private String profilesDir = "adapters/modbus";
    @Metadata(label = "advanced", description = "Threads that start polls on time; they only send requests, so few"
            + " are needed.", defaultValue = "2")
    private int schedulerThreads = 2;
    @Metadata(label = "advanced", description = "Threads that decode answers and run the routes of the results.",
            defaultValue = "4")
    private int emitterThreads = 4;

    private final PollStats stats = new PollStats();
    private volatile RegisterMaps registerMaps;
    private ScheduledExecutorService scheduler;
    private ExecutorService emitter;

    public ModbusComponent() {
        super("modbus-commands");
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        ModbusConfiguration configuration = new ModbusConfiguration();
        address(remaining, configuration);
        ModbusEndpoint endpoint = new ModbusEndpoint(uri, this, configuration);
        // the options are the configuration's; what is left (bridgeErrorHandler, exchangePattern...) the endpoint's
        setProperties(configuration, parameters);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        scheduler = getCamelContext().getExecutorServiceManager()
                .newScheduledThreadPool(this, "modbus-poll", schedulerThreads);
        emitter = getCamelContext().getExecutorServiceManager().newFixedThreadPool(this, "modbus-emit",
                emitterThreads);
    }

    @Override
    protected void doStop() throws Exception {
        if (scheduler != null) {
            getCamelContext().getExecutorServiceManager().shutdown(scheduler);
            getCamelContext().getExecutorServiceManager().shutdown(emitter);
        }
        super.doStop();
    }

    public RegisterMaps registerMaps() {
        RegisterMaps maps = registerMaps;
        if (maps == null) {
            maps = new RegisterMaps(Path.of(profilesDir));
            registerMaps = maps;
        }
        return maps;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    ExecutorService emitter() {
        return emitter;
    }

    /** Counters and schedule jitter of every poll of this component. */
    public PollStats stats() {
        return stats;
    }

    public String getProfilesDir() {
        return profilesDir;
    }

    public void setProfilesDir(String profilesDir) {
        this.profilesDir = profilesDir;
        this.registerMaps = null;
    }

    public int getSchedulerThreads() {
        return schedulerThreads;
    }

    public void setSchedulerThreads(int schedulerThreads) {
        this.schedulerThreads = schedulerThreads;
    }

    public int getEmitterThreads() {
        return emitterThreads;
    }

    public void setEmitterThreads(int emitterThreads) {
        this.emitterThreads = emitterThreads;
    }
}
