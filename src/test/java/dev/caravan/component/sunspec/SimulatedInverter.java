package dev.caravan.component.sunspec;

/**
 * Test side: the register images of the simulated SunSpec inverter, laid out from the official definitions: model 1
 * (who it is), 103 (three-phase measurements) and 123 (controls, WMaxLimPct with scale factor -1).
 */
final class SimulatedInverter {

    static final String MANUFACTURER = "Caravan Test";
    static final String MODEL = "SIM-3";
    static final String SERIAL_NUMBER = "SN-0042";
    static final String VERSION = "1.2.3";

    private SimulatedInverter() {
    }

    /** Who the device is; 66 registers with the pad, as the official definition has it. */
    static ModelImage common() {
        return OfficialModels.image(1).set("Mn", MANUFACTURER).set("Md", MODEL).set("SN", SERIAL_NUMBER)
                .set("Vr", VERSION);
    }

    /** 1234 W, 230.1 V on phase A, 50.00 Hz, operating state MPPT. */
    static ModelImage measurements() {
        return OfficialModels.image(103).set("W", 1234).set("W_SF", 0).set("PhVphA", 2301).set("V_SF", -1)
                .set("Hz", 5000).set("Hz_SF", -2).set("St", 4);
    }

    /** The power limit at 100.0 % (1000 with scale factor -1), connected. */
    static ModelImage controls() {
        return OfficialModels.image(123).set("WMaxLimPct", 1000).set("WMaxLimPct_SF", -1).set("Conn", 1);
    }

    /** The inverter at a base address: models 1, 103 and 123. */
    static SunSpecImage at(int base) {
        return SunSpecImage.at(base).model(common()).model(measurements()).model(controls());
    }
}
