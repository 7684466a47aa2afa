package dev.caravan.mqtt;

import org.springframework.boot.autoconfigure.AbstractDependsOnBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.caravan.runtime.DataDirectory;

@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "caravan.mqtt.embedded.enabled", havingValue = "true")
public class EmbeddedMqttBrokerConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedMqttBroker embeddedMqttBroker(DataDirectory data, MqttProperties properties, BrokerDeviceCheck check) {
        BrokerAuthenticator authenticator = properties.embedded().deviceAuthentication()
                ? new BrokerAuthenticator(BrokerLogin.INTERNAL, check::get, properties.embedded().enforceDeviceAcl())
                : null;
        return new EmbeddedMqttBroker(data, properties.embedded(), authenticator);
    }

    /** The client pool connects when it is created, so it waits for the broker. */
    @Bean
    static AbstractDependsOnBeanFactoryPostProcessor mqttPoolDependsOnEmbeddedBroker() {
        return new AbstractDependsOnBeanFactoryPostProcessor(MqttConnectionPoolService.class, "embeddedMqttBroker") {
        };
    }
}
