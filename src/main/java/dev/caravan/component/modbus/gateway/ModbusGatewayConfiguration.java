package dev.caravan.component.modbus.gateway;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.caravan.component.modbus.ModbusComponent;

/** The hub's modbus: component, reading its profiles from {@code caravan.modbus.profiles-dir}. */
@Configuration(proxyBeanMethods = false)
public class ModbusGatewayConfiguration {

    @Bean("modbus")
    ModbusComponent modbusComponent(ModbusProperties properties) {
        ModbusComponent component = new ModbusComponent();
        component.setProfilesDir(properties.profilesDir());
        return component;
    }
}
