package dev.caravan.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.Yaml;

/**
 * The permission each API operation needs, by route id, from {@code security/api-permissions.yaml}. An operation
 * that is not listed needs {@link Permission#ADMIN}: a new route is closed until someone decides otherwise.
 */
@Component
public class ApiPermissions {

    static final String RESOURCE = "security/api-permissions.yaml";

    private final Map<String, Permission> byRoute;

    public ApiPermissions() {
        this.byRoute = load();
    }

    public Permission required(String routeId) {
        return byRoute.getOrDefault(routeId, Permission.ADMIN);
    }

    Map<String, Permission> all() {
        return Map.copyOf(byRoute);
    }

    private static Map<String, Permission> load() {
        try (InputStream in = ApiPermissions.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            Map<String, List<String>> table = new Yaml().load(in);
            Map<String, Permission> byRoute = new HashMap<>();
            table.forEach((permission, routes) -> routes.forEach(route -> {
                if (byRoute.put(route, Permission.of(permission)) != null) {
                    throw new IllegalStateException(RESOURCE + " lists " + route + " twice");
                }
            }));
            return byRoute;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
