package dev.caravan.component.modbus.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Points merged into as few reads as the protocol allows. */
class ReadPlannerTest {

    @Test
    void adjacentPointsShareOneRead() {
        List<ReadBlock> blocks = ReadPlanner.plan(List.of(
                Points.of("a", Table.INPUT, 0, DataType.FLOAT32),
                Points.of("b", Table.INPUT, 2, DataType.FLOAT32),
                Points.of("c", Table.INPUT, 4, DataType.UINT16)), 0);

        assertThat(blocks).singleElement().satisfies(b -> {
            assertThat(b.start()).isZero();
            assertThat(b.count()).isEqualTo(5);
            assertThat(b.points()).extracting(Point::name).containsExactly("a", "b", "c");
        });
    }

    @Test
    void aGapWithinTheAllowanceIsReadAndAWiderOneSplitsTheRead() {
        List<Point> points = List.of(Points.of("a", Table.HOLDING, 0, DataType.UINT16),
                Points.of("b", Table.HOLDING, 4, DataType.UINT16), Points.of("c", Table.HOLDING, 20, DataType.UINT16));

        assertThat(ReadPlanner.plan(points, 3)).extracting(ReadBlock::start, ReadBlock::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 5), org.assertj.core.groups.Tuple.tuple(20, 1));
    }

    @Test
    void noReadSpansMoreThan125Registers() {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            points.add(Points.of("p" + i, Table.HOLDING, i * 2, DataType.FLOAT32));
        }

        List<ReadBlock> blocks = ReadPlanner.plan(points, 0);

        assertThat(blocks).extracting(ReadBlock::count).containsExactly(124, 76);
        assertThat(blocks).flatExtracting(ReadBlock::points).hasSize(100);
    }

    @Test
    void noReadSpansMoreThan2000Bits() {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            points.add(Points.of("c" + i, Table.COIL, i, DataType.BIT));
        }

        assertThat(ReadPlanner.plan(points, 0)).extracting(ReadBlock::count).containsExactly(2000, 500);
    }

    @Test
    void eachTableIsReadApart() {
        List<ReadBlock> blocks = ReadPlanner.plan(List.of(Points.of("h", Table.HOLDING, 0, DataType.UINT16),
                Points.of("i", Table.INPUT, 1, DataType.UINT16), Points.of("c", Table.COIL, 0, DataType.BIT)), 10);

        assertThat(blocks).extracting(ReadBlock::table).containsExactlyInAnyOrder(Table.HOLDING, Table.INPUT,
                Table.COIL);
    }

    @Test
    void pointsSharingARegisterShareTheRead() {
        List<ReadBlock> blocks = ReadPlanner.plan(List.of(Points.bitOfRegister("b0", 6, 0),
                Points.bitOfRegister("b1", 6, 1), Points.of("w", Table.HOLDING, 6, DataType.UINT16)), 0);

        assertThat(blocks).singleElement().satisfies(b -> assertThat(b.count()).isEqualTo(1));
    }
}
