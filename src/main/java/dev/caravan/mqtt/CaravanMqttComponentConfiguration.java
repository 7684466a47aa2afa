package dev.caravan.mqtt;

import org.apache.camel.component.paho.mqtt5.PahoMqtt5Configuration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.caravan.component.mqtt.CaravanMqttComponent;

@Configuration(proxyBeanMethods = false)
public class CaravanMqttComponentConfiguration {

    /**
     * {@code caravan-mqtt:} — camel-paho-mqtt5 ({@link CaravanMqttComponent}: its consumer is ready for a session's
     * queued messages before it connects) already pointed at the hub's broker with its credentials, QoS 1,
     * manual acknowledgement, a persistent session and reconnection. The hub's inbound consumers use it, and so can
     * the site's routes: {@code from: caravan-mqtt:legacy/+/temperature?clientId=...}.
     */
    @Bean("caravan-mqtt")
    CaravanMqttComponent caravanMqtt(MqttProperties properties) {
        PahoMqtt5Configuration configuration = new PahoMqtt5Configuration();
        configuration.setBrokerUrl(properties.brokerUrl());
        properties.login().ifPresent(login -> {
            configuration.setUserName(login.username());
            configuration.setPassword(login.password());
        });
        configuration.setQos(1);
        configuration.setManualAcksEnabled(true);
        configuration.setCleanStart(false);
        configuration.setSessionExpiryInterval(properties.sessionExpiry().toSeconds());
        configuration.setAutomaticReconnect(true);
        configuration.setMaxReconnectDelay(30_000);
        configuration.setConnectionTimeout((int) properties.connectTimeout().toSeconds());
        configuration.setKeepAliveInterval(30);
        javax.net.SocketFactory sockets = properties.socketFactory();
        if (sockets != null) {
            configuration.setSocketFactory(sockets);
        }
        CaravanMqttComponent component = new CaravanMqttComponent();
        component.setConfiguration(configuration);
        return component;
    }
}
