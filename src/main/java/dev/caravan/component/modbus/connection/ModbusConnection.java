package dev.caravan.component.modbus.connection;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import com.digitalpetri.modbus.client.ModbusClient;
import com.digitalpetri.modbus.client.ModbusRtuClient;
import com.digitalpetri.modbus.client.ModbusTcpClient;
import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import com.digitalpetri.modbus.pdu.ModbusRequestPdu;
import com.digitalpetri.modbus.pdu.ModbusResponsePdu;
import com.digitalpetri.modbus.serial.client.SerialPortClientTransport;
import com.digitalpetri.modbus.tcp.client.NettyClientTransportConfig;
import com.digitalpetri.modbus.tcp.client.NettyRtuClientTransport;
import com.digitalpetri.modbus.tcp.client.NettyTcpClientTransport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One link to a device or gateway, shared by everyone who talks to it. Requests wait in a queue and at most
 * {@code maxInFlight} are on the wire at once (one by default: what every device and gateway accepts, and how a
 * serial bus, local or behind a gateway, must be used). The link is (re)connected by the first request that needs it; how
 * often that happens is up to the callers' back-off, so a dead device costs one attempt per back-off period.
 */
public final class ModbusConnection {

    private static final Logger LOG = LoggerFactory.getLogger(ModbusConnection.class);

    private final ConnectionSettings settings;
    private final ModbusClient client;
    private final Queue<Request> waiting = new ArrayDeque<>();
    private int inFlight;
    private int users;

    ModbusConnection(ConnectionSettings settings) {
        this.settings = settings;
        NettyClientTransportConfig transport = NettyClientTransportConfig.create(b -> {
            b.setHostname(settings.host());
            b.setPort(settings.port());
            b.setConnectTimeout(settings.connectTimeout());
            // no reconnection of its own: a request finding the link down connects it (see drain), so the
            // pollers' back-off paces the attempts and a dead device costs one connect per back-off period
            b.setConnectPersistent(false);
        });
        this.client = switch (settings.transport()) {
            case TCP -> ModbusTcpClient.create(new NettyTcpClientTransport(transport),
                    c -> c.setRequestTimeout(settings.requestTimeout()));
            case RTU_OVER_TCP -> ModbusRtuClient.create(new NettyRtuClientTransport(transport),
                    c -> c.setRequestTimeout(settings.requestTimeout()));
            case RTU -> ModbusRtuClient.create(SerialPortClientTransport.create(line -> {
                line.setSerialPort(settings.host());
                line.setBaudRate(settings.serial().baudRate());
                line.setDataBits(settings.serial().dataBits());
                line.setParity(settings.serial().parityCode());
                line.setStopBits(settings.serial().stopBitsCode());
            }), c -> c.setRequestTimeout(settings.requestTimeout()));
        };
    }

    public ConnectionSettings settings() {
        return settings;
    }

    /**
     * Sends a request when its turn comes. Fails with {@link com.digitalpetri.modbus.exceptions.ModbusResponseException}
     * when the device answers with an exception, and with a timeout when nothing answers within the request timeout
     * (or, while the link is being set up, the connect timeout as well).
     */
    public CompletionStage<ModbusResponsePdu> send(int unitId, ModbusRequestPdu request) {
        Request queued = new Request(unitId, request, new CompletableFuture<>());
        synchronized (this) {
            waiting.add(queued);
        }
        drain();
        return queued.result();
    }

    private void drain() {
        while (true) {
            Request next;
            synchronized (this) {
                if (inFlight >= settings.maxInFlight() || waiting.isEmpty()) {
                    return;
                }
                next = waiting.poll();
                inFlight++;
            }
            long limit = settings.connectTimeout().plus(settings.requestTimeout()).toMillis();
            CompletableFuture<ModbusResponsePdu> sent;
            try {
                // bounded even if the link never says anything, so that a slot is never held forever
                CompletionStage<Void> linked = client.isConnected() ? CompletableFuture.completedFuture(null)
                        : client.connectAsync();
                sent = linked.thenCompose(v -> client.sendAsync(next.unitId(), next.request())).toCompletableFuture()
                        .orTimeout(limit, TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            sent.whenComplete((response, failure) -> {
                synchronized (this) {
                    inFlight--;
                }
                if (failure != null) {
                    dropLinkAfter(failure);
                    next.result().completeExceptionally(Failures.unwrap(failure));
                } else {
                    next.result().complete(response);
                }
                drain();
            });
        }
    }

    /**
     * A request that got no answer leaves the link in doubt: a late answer would be taken for the next request's
     * (RTU frames carry no transaction id) and a dead peer is often noticed only by the timeout. The link is closed
     * and the next request connects anew.
     */
    private void dropLinkAfter(Throwable failure) {
        if (!(Failures.unwrap(failure) instanceof ModbusResponseException) && client.isConnected()) {
            client.disconnectAsync();
        }
    }

    synchronized void retain() {
        users++;
    }

    /** @return true when the last user left and the link was closed */
    synchronized boolean release() {
        users--;
        if (users > 0) {
            return false;
        }
        client.disconnectAsync().whenComplete((v, e) -> {
            if (e != null) {
                LOG.debug("closing {}: {}", settings.key(), e.getMessage());
            }
        });
        return true;
    }

    private record Request(int unitId, ModbusRequestPdu request, CompletableFuture<ModbusResponsePdu> result) {
    }
}
