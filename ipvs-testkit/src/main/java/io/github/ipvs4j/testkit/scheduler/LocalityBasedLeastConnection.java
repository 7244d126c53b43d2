package io.github.ipvs4j.testkit.scheduler;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code lblc}: remembers a destination per packet destination address; keeps using it while it is
 * usable and not "overloaded" in lblc's sense (more active connections than its weight while some
 * destination is under half its weight), otherwise picks by weighted least connection and remembers
 * that. Entries unused for {@link #EXPIRATION_MILLIS} are forgotten (the kernel's garbage collector
 * runs every minute and does a full sweep every half hour, so it may forget them somewhat later).
 */
final class LocalityBasedLeastConnection implements SchedulingAlgorithm {
    /** The default {@code lblc_expiration} sysctl: one day. */
    static final long EXPIRATION_MILLIS = 24L * 60 * 60 * 1000;

    private static final class Entry {
        Destination dest;
        long lastUse;
    }

    private final Map<InetAddress, Entry> table = new HashMap<>();

    @Override
    public Destination schedule(ServiceContext service, Packet packet) {
        long now = service.nowMillis();
        Entry en = table.get(packet.destinationAddress());
        if (en != null && now - en.lastUse >= EXPIRATION_MILLIS) {
            table.remove(packet.destinationAddress());
            en = null;
        }
        if (en != null) {
            en.lastUse = now;
            Destination d = en.dest;
            if (d.available() && d.weight() > 0 && !localityOverloaded(service, d)) {
                return d;
            }
        }
        Destination d = WeightedLeastConnection.leastWeighted(service.destinations(), Destination::overhead);
        if (d == null) {
            return null;
        }
        if (en == null || en.dest != d) {
            Entry fresh = new Entry();
            fresh.dest = d;
            fresh.lastUse = now;
            table.put(packet.destinationAddress(), fresh);
        }
        return d;
    }

    /** More active connections than weight, while some destination is below half its weight. */
    static boolean localityOverloaded(ServiceContext service, Destination dest) {
        if (dest.activeConnections() > dest.weight()) {
            for (Destination d : service.destinations()) {
                if ((long) d.activeConnections() * 2 < d.weight()) {
                    return true;
                }
            }
        }
        return false;
    }
}
