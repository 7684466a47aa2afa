package dev.caravan.component.sunspec;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * Where the tests find the model definitions: the project's own in {@code adapters/sunspec/models}, and the official
 * ones in {@code ../shared/data/sunspec/models}, beside the clone (the project does not copy them). Without the
 * official ones a test is skipped locally and fails in CI ({@code CI=true}), where nothing may be skipped.
 */
final class SunSpecFiles {

    static final Path REPO = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    static final Path SHIPPED = REPO.resolve("adapters/sunspec/models");
    static final Path OFFICIAL = REPO.resolve("../shared/data/sunspec/models").normalize();
    /** The models the project ships (issue 6). */
    static final List<Integer> SHIPPED_IDS = List.of(1, 101, 102, 103, 111, 112, 113, 120, 121, 122, 123, 124, 160,
            201, 202, 203, 204, 701, 702, 703, 704, 705);
    private static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));

    private SunSpecFiles() {
    }

    /** The folder of the official definitions; skips the test (fails it in CI) when it is missing. */
    static Path official() {
        if (!Files.isRegularFile(OFFICIAL.resolve("model_1.json"))) {
            String reason = "the official SunSpec model definitions are not at " + OFFICIAL
                    + " (../shared/data/sunspec/models beside the clone)";
            if (CI) {
                fail(reason + "; in CI (CI=true) nothing may be skipped");
            }
            Assumptions.abort(reason);
        }
        return OFFICIAL;
    }
}
