package io.github.ipvs4j.netlink;

import io.github.ipvs4j.spi.IpvsTransport;
import io.github.ipvs4j.spi.IpvsTransportProvider;
import io.github.ipvs4j.spi.TransportOptions;

/**
 * Provides the real-kernel transport, {@code netlink}: the generic netlink family "IPVS" through
 * jnr-ffi. Available on Linux when a generic netlink socket can be opened; whether the kernel has IPVS
 * is found out when a transport is opened.
 */
public final class NetlinkTransportProvider implements IpvsTransportProvider {
    private final Availability availability = new Availability(Native.NETLINK_GENERIC, "a generic netlink socket");

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public NetlinkTransportProvider() {
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
    public IpvsTransport open(TransportOptions options) {
        return NetlinkTransport.open(options);
    }
}
