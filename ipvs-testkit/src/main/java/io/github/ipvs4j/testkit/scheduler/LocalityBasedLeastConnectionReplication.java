package io.github.ipvs4j.testkit.scheduler;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code lblcr}: like lblc, but remembers a set of destinations per packet destination address. It
 * uses the least loaded member of the set; when that is missing or overloaded in lblc's sense it
 * adds the weighted-least-connection destination to the set. A set that has not changed for
 * {@link LocalityBasedLeastConnection#EXPIRATION_MILLIS} drops its most loaded member.
 */
final class LocalityBasedLeastConnectionReplication implements SchedulingAlgorithm {
    private static final class Entry {
        /** Newest first, as the kernel inserts at the head of the set. */
        final List<Destination> set = new ArrayList<>();
        long lastUse;
        long lastMod;

        void insert(Destination d, long now) {
            if (!set.contains(d)) {
                set.add(0, d);
                lastMod = now;
            }
        }
    }

    private final Map<InetAddress, Entry> table = new HashMap<>();

    @Override
    public Destination schedule(ServiceContext service, Packet packet) {
        long now = service.nowMillis();
        long expiration = LocalityBasedLeastConnection.EXPIRATION_MILLIS;
        Entry en = table.get(packet.destinationAddress());
        if (en != null && now - en.lastUse >= expiration) {
            table.remove(packet.destinationAddress());
            en = null;
        }
        if (en != null) {
            en.lastUse = now;
            Destination d = setMin(en.set);
            if (en.set.size() > 1 && now > en.lastMod + expiration) {
                Destination m = setMax(en.set);
                if (m != null) {
                    en.set.remove(m);
                    en.lastMod = now;
                }
            }
            if (d != null && !LocalityBasedLeastConnection.localityOverloaded(service, d)) {
                return d;
            }
            d = WeightedLeastConnection.leastWeighted(service.destinations(), Destination::overhead);
            if (d == null) {
                return null;
            }
            en.insert(d, now);
            return d;
        }
        Destination d = WeightedLeastConnection.leastWeighted(service.destinations(), Destination::overhead);
        if (d == null) {
            return null;
        }
        Entry fresh = new Entry();
        fresh.lastUse = now;
        fresh.insert(d, now);
        table.put(packet.destinationAddress(), fresh);
        return d;
    }

    /** The least loaded available member, seeded by the first usable one. */
    private static Destination setMin(List<Destination> set) {
        int i = 0;
        Destination least = null;
        for (; i < set.size(); i++) {
            Destination d = set.get(i);
            if (d.overloaded()) {
                continue;
            }
            if (d.weight() > 0 && d.available()) {
                least = d;
                break;
            }
        }
        if (least == null) {
            return null;
        }
        long loh = least.overhead();
        for (i++; i < set.size(); i++) {
            Destination d = set.get(i);
            if (d.overloaded()) {
                continue;
            }
            long doh = d.overhead();
            if (loh * d.weight() > doh * least.weight() && d.available()) {
                least = d;
                loh = doh;
            }
        }
        return least;
    }

    /** The most loaded member with a positive weight. */
    private static Destination setMax(List<Destination> set) {
        int i = 0;
        Destination most = null;
        for (; i < set.size(); i++) {
            if (set.get(i).weight() > 0) {
                most = set.get(i);
                break;
            }
        }
        if (most == null) {
            return null;
        }
        long moh = most.overhead();
        for (i++; i < set.size(); i++) {
            Destination d = set.get(i);
            long doh = d.overhead();
            if (moh * d.weight() < doh * most.weight() && d.weight() > 0) {
                most = d;
                moh = doh;
            }
        }
        return most;
    }
}
