package io.github.ipvs4j.netlink;

import java.util.Locale;

/**
 * The providers' one availability check: can this JVM open a netlink socket of a protocol here. Made
 * once, on first use, and remembered.
 */
final class Availability {
    private final int protocol;
    private final String socketName;
    private volatile String reason;

    /**
     * @param protocol {@link Native#NETLINK_GENERIC} or {@link Native#NETLINK_ROUTE}
     * @param socketName what the socket is called in the reason, e.g. {@code a generic netlink socket}
     */
    Availability(int protocol, String socketName) {
        this.protocol = protocol;
        this.socketName = socketName;
    }

    /** {@code ""} if a socket opened, else why not, for people. */
    String reason() {
        String r = reason;
        if (r == null) {
            r = probe();
            reason = r;
        }
        return r;
    }

    private String probe() {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return "netlink exists only on Linux (this is " + os + ")";
        }
        try {
            if (Native.loadFailure() != null) {
                return "jnr-ffi cannot reach libc: " + Native.loadFailure();
            }
            NetlinkSocket.open(protocol, NetlinkSocket.smallDatagrams()).close();
            return "";
        } catch (ErrnoException e) {
            return "cannot open " + socketName + ": " + e.getMessage();
        } catch (RuntimeException | LinkageError e) {
            return "native access through jnr-ffi failed: " + e;
        }
    }
}
