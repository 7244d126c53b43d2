package io.github.ipvs4j.testkit.scheduler;

import io.github.ipvs4j.model.AddressFamily;
import io.github.ipvs4j.model.RealServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The fake kernel's {@code struct ip_vs_dest}: a real server with its live counters and flags. Owned
 * and mutated by the fake kernel under its lock; schedulers read it.
 */
public final class Destination {
    private final InetAddress address;
    private final int port;
    private RealServer config;
    private int lastWeight;
    private boolean available;
    private boolean overloaded;
    private int activeConnections;
    private int inactiveConnections;
    private int persistentConnections;
    private long connections;
    private long connectionsAtZero;

    /** A new destination for the given configuration, not yet in a service. */
    public Destination(RealServer config) {
        this.address = config.address();
        this.port = config.port();
        this.config = config;
    }

    /** The real server's address. */
    public InetAddress address() {
        return address;
    }

    /** The real server's port. */
    public int port() {
        return port;
    }

    /** Address and port. */
    public InetSocketAddress endpoint() {
        return new InetSocketAddress(address, port);
    }

    /** The address family of the real server. */
    public AddressFamily family() {
        return AddressFamily.of(address);
    }

    /** The current configuration. */
    public RealServer config() {
        return config;
    }

    /**
     * Applies a configuration as {@code __ip_vs_update_dest} does: the last weight keeps the latest
     * non-zero weight (any weight when adding), and a change of either threshold re-evaluates the
     * overload flag against the connections the destination already has (so a real server taken back
     * from the trash, or edited, with more connections than its new upper threshold is overloaded at
     * once). Kernels before the stable fix "ipvs: properly update the overload flag on dest edit"
     * (in Debian 12's 6.1.192) only cleared the flag when the upper threshold was raised or removed;
     * the fake follows the fixed kernels, which the fidelity tests run against.
     */
    public void configure(RealServer update, boolean adding) {
        if (adding || update.weight() != 0) {
            lastWeight = update.weight();
        }
        boolean thresholdsChanged = update.upperThreshold() != config.upperThreshold()
                || update.lowerThreshold() != config.lowerThreshold();
        config = update;
        available = true;
        if (thresholdsChanged) {
            updateOverload();
        }
    }

    /**
     * {@code ip_vs_dest_update_overload}: overloaded from the upper threshold on, and again free below
     * the lower threshold (3/4 of the upper one, rounded up, when there is none); in between the flag
     * stays as it was. Without an upper threshold a destination is never overloaded.
     */
    private void updateOverload() {
        int upper = config.upperThreshold();
        if (upper == 0) {
            overloaded = false;
            return;
        }
        long total = (long) activeConnections + inactiveConnections;
        if (total >= upper) {
            overloaded = true;
            return;
        }
        int lower = config.lowerThreshold() != 0 ? config.lowerThreshold() : upper - (upper >> 2);
        if (total < lower) {
            overloaded = false;
        }
    }

    /** The weight; 0 takes no new connections. */
    public int weight() {
        return config.weight();
    }

    /** The latest non-zero weight (mh builds its table from it). */
    public int lastWeight() {
        return lastWeight;
    }

    /** Whether the destination belongs to a service (false once removed: it sits in the trash). */
    public boolean available() {
        return available;
    }

    /** Marks the destination as removed from its service. */
    public void unlink() {
        available = false;
    }

    /** Whether the overload flag ({@code IP_VS_DEST_F_OVERLOAD}) is set. */
    public boolean overloaded() {
        return overloaded;
    }

    /** Connections in an established state. */
    public int activeConnections() {
        return activeConnections;
    }

    /** Other connections still in the table. */
    public int inactiveConnections() {
        return inactiveConnections;
    }

    /** Persistence templates pointing here. */
    public int persistentConnections() {
        return persistentConnections;
    }

    /** {@code ip_vs_dest_conn_overhead}: active connections weigh 256 times more than inactive ones. */
    public int overhead() {
        return (activeConnections << 8) + inactiveConnections;
    }

    /** Counts a new connection or template and re-evaluates the overload flag. */
    public void bind(boolean template, boolean inactive) {
        if (template) {
            persistentConnections++;
        } else if (inactive) {
            inactiveConnections++;
        } else {
            activeConnections++;
        }
        updateOverload();
    }

    /** Uncounts an expired connection or template; an overloaded destination may become free again. */
    public void unbind(boolean template, boolean inactive) {
        if (template) {
            persistentConnections--;
        } else if (inactive) {
            inactiveConnections--;
        } else {
            activeConnections--;
        }
        if (overloaded) {
            updateOverload();
        }
    }

    /** Moves a connection between the active and inactive counts (a TCP/SCTP state change). */
    public void setActive(boolean active) {
        if (active) {
            inactiveConnections--;
            activeConnections++;
        } else {
            activeConnections--;
            inactiveConnections++;
        }
    }

    /** Whether any connection or template still points here. */
    public boolean referenced() {
        return activeConnections + inactiveConnections + persistentConnections > 0;
    }

    /** Counts a connection scheduled to this destination in its statistics. */
    public void countConnection() {
        connections++;
    }

    /** Connections scheduled here since the statistics were last zeroed. */
    public long connectionCount() {
        return connections - connectionsAtZero;
    }

    /** Zeroes the statistics (the kernel keeps the counters and moves the zero point). */
    public void zeroStats() {
        connectionsAtZero = connections;
    }

    @Override
    public String toString() {
        return config.toString() + " active " + activeConnections + " inactive " + inactiveConnections;
    }
}
