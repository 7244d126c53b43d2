package io.github.ipvs4j.netlink;

import io.github.ipvs4j.spi.IpvsTransport;
import io.github.ipvs4j.spi.IpvsTransportProvider;
import io.github.ipvs4j.spi.TransportOptions;
import java.util.Locale;

/**
 * Provides the real-kernel transport, {@code netlink}: the generic netlink family "IPVS" through
 * jnr-ffi. Available on Linux when a generic netlink socket can be opened; whether the kernel has IPVS
 * is found out when a transport is opened.
 */
public final class NetlinkTransportProvider implements IpvsTransportProvider {
    private volatile String unavailableReason;

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public NetlinkTransportProvider() {
    }

    @Override
    public String name() {
        return "netlink";
    }

    @Override
    public boolean isAvailable() {
        return unavailableReason().isEmpty();
    }

    @Override
    public String unavailableReason() {
        String reason = unavailableReason;
        if (reason == null) {
            reason = probe();
            unavailableReason = reason;
        }
        return reason;
    }

    private static String probe() {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return "IPVS exists only on Linux (this is " + os + ")";
        }
        try {
            if (Native.loadFailure() != null) {
                return "jnr-ffi cannot reach libc: " + Native.loadFailure();
            }
            NetlinkSocket.open(NetlinkSocket.smallDatagrams()).close();
            return "";
        } catch (ErrnoException e) {
            return "cannot open a generic netlink socket: " + e.getMessage();
        } catch (RuntimeException | LinkageError e) {
            return "native access through jnr-ffi failed: " + e;
        }
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
