package dev.caravan.component.sunspec;

/**
 * How often a group repeats: a fixed number, the value of a point (by name, in the same or an enclosing group), or,
 * with a fixed count of 0, as often as the model's length leaves room for (model 160's modules).
 */
public record GroupCount(int fixed, String point) {

    public static final GroupCount ONCE = new GroupCount(1, null);

    public static GroupCount fromPoint(String point) {
        return new GroupCount(0, point);
    }

    public static GroupCount fixed(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("a group count cannot be negative: " + count);
        }
        return new GroupCount(count, null);
    }

    public boolean fromPoint() {
        return point != null;
    }

    public boolean fillsTheModel() {
        return point == null && fixed == 0;
    }

    public boolean repeats() {
        return point != null || fixed != 1;
    }

    @Override
    public String toString() {
        return point != null ? point : String.valueOf(fixed);
    }
}
