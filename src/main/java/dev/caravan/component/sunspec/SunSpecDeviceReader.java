package dev.caravan.component.sunspec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.caravan.component.sunspec.DiscoveryEvent.Kind;

/**
 * Reads and decodes the models a discovery found, each in reads of at most 125 registers. A model that cannot be
 * read or decoded is reported and the others are still read.
 */
public final class SunSpecDeviceReader {

    private SunSpecDeviceReader() {
    }

    public static DeviceReading read(RegisterReader device, List<ModelLocation> locations) {
        List<DecodedModel> models = new ArrayList<>();
        List<DiscoveryEvent> events = new ArrayList<>();
        for (ModelLocation location : locations) {
            try {
                short[] registers = device.readAll(location.address(), ModelDefinition.HEADER + location.length());
                models.add(ModelDecoder.decode(location.definition(), registers, location.address()));
            } catch (IOException e) {
                events.add(new DiscoveryEvent(Kind.READ_ERROR, location.address(), location.id(), "reading model "
                        + location.id() + " at " + location.address() + " failed (" + e.getMessage() + ")"));
            } catch (SunSpecDecodeException e) {
                events.add(new DiscoveryEvent(Kind.DECODE_ERROR, location.address(), location.id(),
                        e.getMessage() + " (at " + location.address() + ")"));
            }
        }
        return new DeviceReading(models, events);
    }
}
