package dev.caravan.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * This hub instance's name ({@code caravan.instance-id}, default the host name). It makes the MQTT client ids of
 * the hub unique among several hubs on one broker and stable across restarts, so that persistent sessions resume.
 */
@Component
public class InstanceId {

    private final String value;

    public InstanceId(@Value("${caravan.instance-id:}") String configured) {
        this.value = resolve(configured);
    }

    /** The configured name or the host name, reduced to characters safe in MQTT client ids. */
    static String resolve(String configured) {
        String id = StringUtils.hasText(configured) ? configured : hostName();
        return id.replaceAll("[^A-Za-z0-9_-]", "-");
    }

    public String value() {
        return value;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "caravan";
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
