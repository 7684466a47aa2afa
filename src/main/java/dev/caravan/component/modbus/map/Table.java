package dev.caravan.component.modbus.map;

import java.util.Locale;

/** The four Modbus data tables, with the function codes that read and write them. */
public enum Table {
    COIL("coil", true, 1, true),
    DISCRETE_INPUT("discrete_input", true, 2, false),
    HOLDING("holding", false, 3, true),
    INPUT("input", false, 4, false);

    /** The protocol's limits on one read request: 125 registers, 2000 bits. */
    public static final int MAX_REGISTERS_PER_READ = 125;
    public static final int MAX_BITS_PER_READ = 2000;

    private final String yamlName;
    private final boolean bits;
    private final int readFunction;
    private final boolean writable;

    Table(String yamlName, boolean bits, int readFunction, boolean writable) {
        this.yamlName = yamlName;
        this.bits = bits;
        this.readFunction = readFunction;
        this.writable = writable;
    }

    /** Coils and discrete inputs hold bits; the register tables hold 16-bit words. */
    public boolean bits() {
        return bits;
    }

    public int readFunction() {
        return readFunction;
    }

    public boolean writable() {
        return writable;
    }

    public int maxPerRead() {
        return bits ? MAX_BITS_PER_READ : MAX_REGISTERS_PER_READ;
    }

    public String yamlName() {
        return yamlName;
    }

    public static Table parse(String text) {
        String name = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (Table table : values()) {
            if (table.yamlName.equals(name)) {
                return table;
            }
        }
        return switch (name) {
            case "coils", "1" -> COIL;
            case "discrete", "discrete_inputs", "2" -> DISCRETE_INPUT;
            case "holding_register", "holding_registers", "3" -> HOLDING;
            case "input_register", "input_registers", "4" -> INPUT;
            default -> throw new IllegalArgumentException("table '" + text
                    + "': one of coil, discrete_input, holding, input");
        };
    }
}
