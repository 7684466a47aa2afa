package dev.caravan.telemetry;

/** One named value of a telemetry message; exactly one of number, bool and text is set. */
public record TelemetryValue(String key, Double number, Boolean bool, String text) {

    public Object value() {
        return number != null ? plain(number) : bool != null ? bool : text;
    }

    /** Whole numbers as integers (memory 512, not 512.0), others as they are. */
    public static Number plain(double number) {
        return number == Math.rint(number) && Math.abs(number) < 1e15 ? (Number) (long) number : (Number) number;
    }
}
