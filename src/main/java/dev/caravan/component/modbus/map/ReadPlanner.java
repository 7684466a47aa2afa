package dev.caravan.component.modbus.map;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Merges points into as few reads as the protocol allows: points of one table whose gap is at most {@code maxGap}
 * share a read, as long as the read stays within 125 registers (2000 bits). Reading a few unused registers costs
 * far less than another round trip, but some devices refuse reads that touch unmapped addresses: they set
 * {@code maxGap: 0}.
 */
public final class ReadPlanner {

    private ReadPlanner() {
    }

    public static List<ReadBlock> plan(List<Point> points, int maxGap) {
        List<ReadBlock> blocks = new ArrayList<>();
        for (Table table : Table.values()) {
            List<Point> sorted = points.stream().filter(p -> p.table() == table)
                    .sorted(Comparator.comparingInt(Point::address).thenComparingInt(Point::end)).toList();
            List<Point> current = new ArrayList<>();
            int start = 0;
            int end = 0;
            for (Point point : sorted) {
                boolean fits = !current.isEmpty() && point.address() - end <= maxGap
                        && Math.max(end, point.end()) - start <= table.maxPerRead();
                if (!fits && !current.isEmpty()) {
                    blocks.add(new ReadBlock(table, start, end - start, current));
                    current = new ArrayList<>();
                }
                if (current.isEmpty()) {
                    start = point.address();
                    end = point.end();
                }
                current.add(point);
                end = Math.max(end, point.end());
            }
            if (!current.isEmpty()) {
                blocks.add(new ReadBlock(table, start, end - start, current));
            }
        }
        return blocks;
    }
}
