package dev.caravan.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import dev.caravan.deviceconfig.DeviceConfigService;

/** {@code /api/devices/{id}/config}: the desired configuration (published retained) and the applied version. */
@Component("configApi")
public class ConfigApi {

    private final DeviceConfigService configs;
    private final ApiRequests requests;

    public ConfigApi(DeviceConfigService configs, ApiRequests requests) {
        this.configs = configs;
        this.requests = requests;
    }

    public DeviceConfigService.View get(Exchange exchange) {
        return DeviceConfigService.View.of(configs.get(DeviceApi.id(exchange)));
    }

    public DeviceConfigService.View replace(Exchange exchange) {
        return DeviceConfigService.View.of(configs.replace(DeviceApi.id(exchange),
                requests.body(exchange, JsonNode.class)));
    }
}
