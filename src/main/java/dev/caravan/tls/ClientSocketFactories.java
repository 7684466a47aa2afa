package dev.caravan.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** TLS sockets for the hub's own clients (MQTT to an {@code ssl://} broker): TLS 1.2 and 1.3 only. */
public final class ClientSocketFactories {

    private ClientSocketFactories() {
    }

    /**
     * @param truststore the CA to trust; null: the JVM's default trust
     * @param keystore   the hub's client certificate, for a broker that wants one; null: none
     */
    public static SSLSocketFactory tls(String truststore, String truststorePassword, String keystore,
                                       String keystorePassword) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(blank(truststore) ? null : load(truststore, truststorePassword));
            KeyManagerFactory keys = null;
            if (!blank(keystore)) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(keystore, keystorePassword), chars(keystorePassword));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return new ModernProtocols(context.getSocketFactory());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS for the hub's MQTT clients (truststore " + truststore
                    + ", keystore " + keystore + "): " + e.getMessage(), e);
        }
    }

    private static KeyStore load(String file, String password) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            store.load(in, chars(password));
        }
        return store;
    }

    private static char[] chars(String password) {
        return password == null ? new char[0] : password.toCharArray();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Every socket it makes offers only {@link TlsSettings#PROTOCOLS}. */
    private static final class ModernProtocols extends SSLSocketFactory {

        private final SSLSocketFactory delegate;

        ModernProtocols(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        private Socket restrict(Socket socket) {
            if (socket instanceof SSLSocket ssl) {
                ssl.setEnabledProtocols(TlsSettings.PROTOCOLS.toArray(String[]::new));
            }
            return socket;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return restrict(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return restrict(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return restrict(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return restrict(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return restrict(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return restrict(delegate.createSocket(address, port, localAddress, localPort));
        }
    }
}
