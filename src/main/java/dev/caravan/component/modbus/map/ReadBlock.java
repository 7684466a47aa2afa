package dev.caravan.component.modbus.map;

import java.util.List;

/** One read request: {@code count} registers (or bits) of {@code table} from {@code start}, and the points in it. */
public record ReadBlock(Table table, int start, int count, List<Point> points) {

    public ReadBlock {
        points = List.copyOf(points);
    }
}
