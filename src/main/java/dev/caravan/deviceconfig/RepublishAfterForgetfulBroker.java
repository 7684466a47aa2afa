package dev.caravan.deviceconfig;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.caravan.mqtt.EmbeddedMqttBroker;
import dev.caravan.mqtt.MqttProperties.BrokerPersistence;

/**
 * An embedded broker that keeps its data in memory ({@code caravan.mqtt.embedded.persistence=in-memory}) starts empty
 * with the hub, without the devices' retained configuration. At start every stored configuration is marked as not yet
 * published, and the sweep publishes each again, so that devices find it retained as before.
 */
@Component
class RepublishAfterForgetfulBroker {

    private static final Logger LOG = LoggerFactory.getLogger(RepublishAfterForgetfulBroker.class);

    private final ObjectProvider<EmbeddedMqttBroker> broker;
    private final DeviceConfigRepository repository;
    private final DeviceConfigService configs;

    RepublishAfterForgetfulBroker(ObjectProvider<EmbeddedMqttBroker> broker, DeviceConfigRepository repository,
                                  DeviceConfigService configs) {
        this.broker = broker;
        this.repository = repository;
        this.configs = configs;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        EmbeddedMqttBroker embedded = broker.getIfAvailable();
        if (embedded == null || embedded.settings().persistence() != BrokerPersistence.IN_MEMORY) {
            return;
        }
        int forgotten = repository.forgetPublished();
        if (forgotten > 0) {
            LOG.info("The embedded broker keeps nothing across restarts (persistence in-memory): publishing the"
                    + " configuration of {} device(s) again", forgotten);
            configs.publishPending();
        }
    }
}
