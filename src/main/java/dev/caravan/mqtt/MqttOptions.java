package dev.caravan.mqtt;

import java.nio.charset.StandardCharsets;

import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/** Connection options shared by the hub's own MQTT clients. */
final class MqttOptions {

    private MqttOptions() {
    }

    static MqttConnectionOptions create(MqttProperties properties) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setServerURIs(new String[] {properties.brokerUrl()});
        options.setConnectionTimeout((int) properties.connectTimeout().toSeconds());
        options.setKeepAliveInterval(30);
        options.setMaxReconnectDelay(30_000);
        javax.net.SocketFactory sockets = properties.socketFactory();
        if (sockets != null) {
            options.setSocketFactory(sockets);
        }
        properties.login().ifPresent(login -> {
            options.setUserName(login.username());
            options.setPassword(login.password().getBytes(StandardCharsets.UTF_8));
        });
        return options;
    }
}
