package dev.caravan.mqtt;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;

/**
 * The hub's embedded HiveMQ extension: always the sender stamp ({@link BrokerSenderStamp}); the device logins and
 * ACL ({@link BrokerAuthenticator}) when devices must authenticate.
 */
final class BrokerExtension implements ExtensionMain {

    private final BrokerAuthenticator authenticator;
    private final BrokerSenderStamp stamp = new BrokerSenderStamp();

    /** @param authenticator null: anyone may connect and use every topic */
    BrokerExtension(BrokerAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        if (authenticator != null) {
            Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
        }
        Services.interceptorRegistry().setConnectInboundInterceptorProvider(providerInput -> stamp);
        Services.initializerRegistry().setClientInitializer((initializerInput, client) ->
                client.addPublishInboundInterceptor(stamp));
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
    }
}
