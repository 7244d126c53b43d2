package io.github.ipvs4j.apply;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.ServiceKey;
import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * A real server that left the desired state and is held at weight 0 until its active connections end
 * or the drain timeout passes.
 *
 * @param service the service it belongs to
 * @param endpoint its address and port
 * @param activeConnections active connections when last read
 * @param since when draining started
 */
public record Draining(ServiceKey service, InetSocketAddress endpoint, long activeConnections, Instant since) {
    /** As a record's, with the endpoint as {@code 198.51.100.1:80} or {@code [2001:db8::1]:80}. */
    @Override
    public String toString() {
        return "Draining[service=" + service + ", endpoint=" + Addresses.format(endpoint) + ", activeConnections="
                + activeConnections + ", since=" + since + "]";
    }
}
