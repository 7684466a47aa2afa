package dev.caravan.component.sunspec;

import java.io.IOException;

import dev.caravan.testing.PymodbusServer;

/**
 * Test side, for the SunSpec benchmark (dev.caravan.bench.SunSpecBenchmark): the device of issue 6's benchmark served
 * by pymodbus at 40000, unit 1: models 1, 103, 120, 160 with 4 modules and 704, laid out from the official models.
 */
public final class BenchmarkInverter {

    public static final int UNIT = 1;

    private BenchmarkInverter() {
    }

    public static PymodbusServer start() throws IOException {
        ModelImage mppt = OfficialModels.image(160).set("N", 4).set("DCA_SF", -2).set("DCV_SF", -1).set("DCW_SF", 0)
                .repeat("module", 4);
        for (int n = 1; n <= 4; n++) {
            mppt.set("module[" + n + "].DCW", 1000 + n).set("module[" + n + "].DCV", 3500 + n);
        }
        SunSpecImage image = SunSpecImage.at(40_000)
                .model(SimulatedInverter.common())
                .model(SimulatedInverter.measurements())
                .model(OfficialModels.image(120).set("WRtg", 5000).set("WRtg_SF", 0))
                .model(mppt)
                .model(OfficialModels.image(704));
        return new SunSpecSimulator().unit(UNIT, image).start();
    }
}
