package dev.caravan.component.sunspec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import dev.caravan.component.sunspec.DiscoveryEvent.Kind;

/**
 * Finds a device's SunSpec models: the {@code SunS} marker at 40000, then 0, then 50000, then the chain of model
 * headers (id, length) up to the end marker 0xFFFF. A model without a definition or whose length does not fit is
 * reported and skipped by its length; a chain that breaks (a read fails, no end marker) is reported and keeps the
 * models found before.
 */
public final class SunSpecDiscovery {

    public static final List<Integer> BASE_ADDRESSES = List.of(40000, 0, 50000);
    /** "SunS" in two registers. */
    static final short MARKER_HIGH = 0x5375;
    static final short MARKER_LOW = 0x6E53;
    static final int END_MARKER = 0xFFFF;
    private static final int ADDRESS_SPACE = 0x10000;

    private final SunSpecModels definitions;

    public SunSpecDiscovery(SunSpecModels definitions) {
        this.definitions = definitions;
    }

    public DiscoveryResult discover(RegisterReader device) {
        List<DiscoveryEvent> events = new ArrayList<>();
        List<String> tried = new ArrayList<>();
        for (int base : BASE_ADDRESSES) {
            if (hasMarker(device, base, tried)) {
                return walk(device, base, events);
            }
        }
        events.add(new DiscoveryEvent(Kind.NOT_SUNSPEC, BASE_ADDRESSES.get(0), null,
                "no SunS marker: " + String.join("; ", tried)));
        return new DiscoveryResult(OptionalInt.empty(), List.of(), events, false);
    }

    private static boolean hasMarker(RegisterReader device, int base, List<String> tried) {
        try {
            short[] marker = device.readAll(base, 2);
            if (marker[0] == MARKER_HIGH && marker[1] == MARKER_LOW) {
                return true;
            }
            tried.add(String.format("%d holds 0x%04X%04X", base, marker[0], marker[1]));
        } catch (IOException e) {
            tried.add(base + " cannot be read (" + e.getMessage() + ")");
        }
        return false;
    }

    private DiscoveryResult walk(RegisterReader device, int base, List<DiscoveryEvent> events) {
        List<ModelLocation> models = new ArrayList<>();
        int address = base + 2;
        while (true) {
            if (address + ModelDefinition.HEADER > ADDRESS_SPACE) {
                events.add(new DiscoveryEvent(Kind.NO_END_MARKER, address, null,
                        "the model chain runs past the last register without the end marker"));
                return result(base, models, events, false);
            }
            short[] header;
            try {
                header = device.readAll(address, ModelDefinition.HEADER);
            } catch (IOException e) {
                events.add(new DiscoveryEvent(Kind.READ_ERROR, address, null, "reading the model header at "
                        + address + " failed (" + e.getMessage() + "); the chain ends there without its end marker"));
                return result(base, models, events, false);
            }
            int id = header[0] & 0xFFFF;
            int length = header[1] & 0xFFFF;
            if (id == END_MARKER) {
                return result(base, models, events, true);
            }
            if (length == 0) {
                events.add(new DiscoveryEvent(Kind.NO_END_MARKER, address, id, "at " + address + " model id " + id
                        + " with length 0 is neither a model nor the end marker; the chain ends there"));
                return result(base, models, events, false);
            }
            locate(id, address, length, events).ifPresent(models::add);
            address += ModelDefinition.HEADER + length;
        }
    }

    private Optional<ModelLocation> locate(int id, int address, int length, List<DiscoveryEvent> events) {
        Optional<ModelDefinition> definition = definitions.find(id);
        if (definition.isEmpty()) {
            events.add(new DiscoveryEvent(Kind.UNKNOWN_MODEL, address, id, "model " + id + " at " + address
                    + " (length " + length + ") has no definition; skipped"));
            return Optional.empty();
        }
        Optional<String> problem = definition.get().lengthProblem(length);
        if (problem.isPresent()) {
            events.add(new DiscoveryEvent(Kind.WRONG_LENGTH, address, id, problem.get() + " at " + address
                    + "; skipped"));
            return Optional.empty();
        }
        return Optional.of(new ModelLocation(definition.get(), address, length));
    }

    private static DiscoveryResult result(int base, List<ModelLocation> models, List<DiscoveryEvent> events,
            boolean complete) {
        return new DiscoveryResult(OptionalInt.of(base), models, events, complete);
    }
}
