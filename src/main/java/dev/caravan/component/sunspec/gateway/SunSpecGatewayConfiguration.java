package dev.caravan.component.sunspec.gateway;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.caravan.component.sunspec.SunSpecComponent;

/** The hub's sunspec: component, with the definitions folder and mapping of {@code caravan.sunspec.*}. */
@Configuration(proxyBeanMethods = false)
public class SunSpecGatewayConfiguration {

    @Bean("sunspec")
    SunSpecComponent sunspecComponent(SunSpecProperties properties) {
        SunSpecComponent component = new SunSpecComponent();
        component.setModelsDir(properties.modelsDir());
        component.setMappingFile(properties.mappingFile());
        return component;
    }
}
