package io.github.ipvs4j.netlink;

import io.github.ipvs4j.spi.HostTransport;
import io.github.ipvs4j.spi.HostTransportProvider;
import io.github.ipvs4j.spi.TransportOptions;
import java.util.Locale;

/**
 * Provides the real kernel's host transport, {@code netlink}: rtnetlink, {@code /proc/sys} and packet
 * sockets through jnr-ffi. Available on Linux when an rtnetlink socket can be opened.
 */
public final class NetlinkHostTransportProvider implements HostTransportProvider {
    private volatile String unavailableReason;

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public NetlinkHostTransportProvider() {
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
            return "rtnetlink exists only on Linux (this is " + os + ")";
        }
        try {
            if (Native.loadFailure() != null) {
                return "jnr-ffi cannot reach libc: " + Native.loadFailure();
            }
            NetlinkSocket.open(Native.NETLINK_ROUTE, NetlinkSocket.smallDatagrams()).close();
            return "";
        } catch (ErrnoException e) {
            return "cannot open an rtnetlink socket: " + e.getMessage();
        } catch (RuntimeException | LinkageError e) {
            return "native access through jnr-ffi failed: " + e;
        }
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
