package dev.caravan.api;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import dev.caravan.registry.DeviceGroup;
import dev.caravan.registry.DeviceRegistry;
import dev.caravan.registry.GroupKind;
import dev.caravan.registry.GroupSpec;

/** {@code /api/groups}: sites, zones and functions. */
@Component("groupApi")
public class GroupApi {

    private final DeviceRegistry registry;
    private final ApiRequests requests;

    public GroupApi(DeviceRegistry registry, ApiRequests requests) {
        this.registry = registry;
        this.requests = requests;
    }

    public Page<DeviceGroup> list(Exchange exchange) {
        var groups = registry.groups(ApiRequests.enumeration(exchange, "kind", GroupKind.class));
        return new Page<>(groups, groups.size(), 0);
    }

    public DeviceGroup create(Exchange exchange) {
        DeviceGroup group = registry.createGroup(requests.body(exchange, GroupSpec.class));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        exchange.getMessage().setHeader("Location", "/api/groups/" + group.id());
        return group;
    }

    public DeviceGroup get(Exchange exchange) {
        return registry.group(exchange.getMessage().getHeader("id", String.class));
    }

    public Object delete(Exchange exchange) {
        registry.deleteGroup(exchange.getMessage().getHeader("id", String.class));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        return null;
    }
}
