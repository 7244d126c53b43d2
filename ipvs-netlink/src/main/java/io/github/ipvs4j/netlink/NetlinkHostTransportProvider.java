package io.github.ipvs4j.netlink;

import io.github.ipvs4j.spi.HostTransport;
import io.github.ipvs4j.spi.HostTransportProvider;
import io.github.ipvs4j.spi.TransportOptions;

/**
 * Provides the real kernel's host transport, {@code netlink}: rtnetlink, {@code /proc/sys} and packet
 * sockets through jnr-ffi. Available on Linux when an rtnetlink socket can be opened.
 */
public final class NetlinkHostTransportProvider implements HostTransportProvider {
    private final Availability availability = new Availability(Native.NETLINK_ROUTE, "an rtnetlink socket");

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public NetlinkHostTransportProvider() {
    }

    @Override
    public String name() {
        return "netlink";
    }

    @Override
    public String unavailableReason() {
        return availability.reason();
    }

    @Override
    public int priority() {
        return 5;
    }

    @Override
    public HostTransport open(TransportOptions options) {
        return NetlinkHostTransport.open(options);
    }
}
