package dev.caravan.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class ApiPermissionsTest {

    private final ApiPermissions permissions = new ApiPermissions();

    /** The operation ids of every REST verb in camel/api-*.yaml. */
    @SuppressWarnings("unchecked")
    private static List<String> operations() throws IOException {
        List<String> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/camel"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("api-")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    List<Map<String, Object>> items = new Yaml().load(in);
                    for (Map<String, Object> item : items) {
                        Map<String, Object> rest = (Map<String, Object>) item.get("rest");
                        if (rest == null) {
                            continue;
                        }
                        for (String verb : List.of("get", "post", "put", "delete", "patch")) {
                            List<Map<String, Object>> ops = (List<Map<String, Object>>) rest.get(verb);
                            if (ops != null) {
                                ops.forEach(op -> ids.add((String) op.get("id")));
                            }
                        }
                    }
                }
            }
        }
        return ids;
    }

    @Test
    void everyApiOperationHasADecidedPermission() throws IOException {
        assertThat(operations()).isNotEmpty().allSatisfy(id -> assertThat(permissions.all())
                .as("security/api-permissions.yaml lists %s", id).containsKey(id));
    }

    @Test
    void thePermissionTableNamesOnlyOperationsThatExist() throws IOException {
        assertThat(operations()).containsAll(permissions.all().keySet());
    }

    @Test
    void anOperationMissingFromTheTableNeedsAdmin() {
        assertThat(permissions.required("some-new-route")).isEqualTo(Permission.ADMIN);
    }

    @Test
    void viewersReadOperatorsAlsoCommandAdminsDoEverythingDevicesNothing() {
        assertThat(Role.VIEWER.may(Permission.READ)).isTrue();
        assertThat(Role.VIEWER.may(Permission.COMMAND)).isFalse();
        assertThat(Role.OPERATOR.may(Permission.COMMAND)).isTrue();
        assertThat(Role.OPERATOR.may(Permission.MANAGE)).isFalse();
        assertThat(Role.ADMIN.may(Permission.ADMIN)).isTrue();
        assertThat(Role.DEVICE.may(Permission.READ)).isFalse();
    }

    @Test
    void sendingACommandNeedsTheCommandPermissionAndKeysNeedAdmin() {
        assertThat(permissions.required("device-command-create")).isEqualTo(Permission.COMMAND);
        assertThat(permissions.required("devices-create")).isEqualTo(Permission.MANAGE);
        assertThat(permissions.required("api-key-create")).isEqualTo(Permission.ADMIN);
        assertThat(permissions.required("ingest-message")).isEqualTo(Permission.NONE);
    }
}
