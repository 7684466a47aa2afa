package dev.caravan.component.sunspec;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.caravan.component.sunspec.ModbusRegisterReader.ModbusReadException;
import dev.caravan.component.sunspec.SunSpecControl.RegisterWrite;

/**
 * Carries out one control write on a device: reads the model (for its scale factors), writes the point's registers
 * with function code 16, reads the model back and confirms the value. Nothing is retried: a write that timed out may
 * have been applied, and only the caller can tell whether writing again is safe.
 */
final class ControlWriter {

    private final SunSpecDevice device;
    private final ModbusRegisterReader reader;

    ControlWriter(SunSpecDevice device, ModbusRegisterReader reader) {
        this.device = device;
        this.reader = reader;
    }

    /** @return the model, point and the value read back, with {@code confirmed: true} */
    Map<String, Object> write(int modelId, String point, Object value) throws SunSpecControlException {
        ModelLocation location = locate(modelId);
        DecodedModel current = read(location, "reading model " + modelId + " before the write");
        RegisterWrite write;
        try {
            write = SunSpecControl.prepare(location.definition(), current, point, value);
        } catch (IllegalArgumentException e) {
            throw new SunSpecControlException("BAD_REQUEST", e.getMessage(), e);
        }
        try {
            reader.write(write.address(), write.words());
        } catch (ModbusReadException e) {
            String doubt = "TIMEOUT".equals(e.code()) ? "; the write may or may not have been applied" : "";
            throw new SunSpecControlException(e.code(), "writing " + point + " of model " + modelId + " at "
                    + write.address() + ": " + e.getMessage() + doubt, e);
        } catch (IOException e) {
            throw new SunSpecControlException("BAD_ANSWER", e.getMessage(), e);
        }
        DecodedModel readBack = read(location, "reading model " + modelId + " back after the write");
        if (!SunSpecControl.confirmed(write, location.definition(), readBack)) {
            throw new SunSpecControlException("NOT_CONFIRMED", point + " of model " + modelId + " reads "
                    + SunSpecControl.readBack(write, location.definition(), readBack) + " after writing "
                    + write.expected() + ": the device did not take the value", null);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("model", modelId);
        result.put("point", point);
        result.put("value", write.expected());
        result.put("confirmed", true);
        return result;
    }

    private ModelLocation locate(int modelId) throws SunSpecControlException {
        DiscoveryResult discovery = device.discovered().orElse(null);
        if (discovery == null) {
            long before = reader.answers();
            discovery = device.discover(reader);
            if (discovery.baseAddress().isEmpty()) {
                boolean answered = reader.answers() != before;
                throw new SunSpecControlException(answered ? "NOT_SUNSPEC" : "UNREACHABLE",
                        discovery.events().get(0).message(), null);
            }
        }
        return discovery.models().stream().filter(m -> m.id() == modelId).findFirst()
                .orElseThrow(() -> new SunSpecControlException("BAD_REQUEST", "the device has no model " + modelId
                        + "; it has " + device.discovered().map(DiscoveryResult::modelIds).orElseThrow(), null));
    }

    private DecodedModel read(ModelLocation location, String doing) throws SunSpecControlException {
        try {
            short[] registers = reader.readAll(location.address(), ModelDefinition.HEADER + location.length());
            return ModelDecoder.decode(location.definition(), registers, location.address());
        } catch (ModbusReadException e) {
            throw new SunSpecControlException(e.code(), doing + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new SunSpecControlException("BAD_ANSWER", doing + ": " + e.getMessage(), e);
        } catch (SunSpecDecodeException e) {
            throw new SunSpecControlException("DECODE_ERROR", doing + ": " + e.getMessage(), e);
        }
    }
}
