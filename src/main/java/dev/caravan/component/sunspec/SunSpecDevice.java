package dev.caravan.component.sunspec;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * What is known of one device's model chain, shared by the endpoint's consumer and producer: the last discovery that
 * found the {@code SunS} marker, until it is forgotten (the device went away and may come back with other models).
 */
final class SunSpecDevice {

    private final Supplier<SunSpecModels> definitions;
    private volatile DiscoveryResult discovered;

    SunSpecDevice(Supplier<SunSpecModels> definitions) {
        this.definitions = definitions;
    }

    /** Walks the chain now; the result is kept when the marker was found. */
    DiscoveryResult discover(RegisterReader reader) {
        DiscoveryResult result = new SunSpecDiscovery(definitions.get()).discover(reader);
        discovered = result.baseAddress().isPresent() ? result : null;
        return result;
    }

    Optional<DiscoveryResult> discovered() {
        return Optional.ofNullable(discovered);
    }

    void forget() {
        discovered = null;
    }
}
