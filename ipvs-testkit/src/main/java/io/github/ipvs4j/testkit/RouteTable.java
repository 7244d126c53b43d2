package io.github.ipvs4j.testkit;

import io.github.ipvs4j.host.RouteType;
import io.github.ipvs4j.internal.Netmasks;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The routes of one network namespace, IPv4 and IPv6: the {@code local} table (this host's own
 * addresses), looked up first, and the {@code main} table (connected prefixes, routes added by a test).
 * Not thread-safe: {@link FakeHost} calls it under its lock.
 */
final class RouteTable {
    /**
     * One route.
     *
     * @param local whether it is in the {@code local} table
     * @param prefix the destination prefix, its host bits zero
     * @param length the prefix length
     * @param type LOCAL or UNICAST
     * @param device the interface it goes through
     * @param gateway the next hop, if any
     * @param preferredSource the source it names ({@code prefsrc}), if any
     */
    record Entry(boolean local, InetAddress prefix, int length, RouteType type, String device,
            Optional<InetAddress> gateway, Optional<InetAddress> preferredSource) {
        boolean contains(InetAddress address) {
            return sameFamily(prefix, address) && prefix.equals(Netmasks.network(address, length));
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    void add(Entry entry) {
        if (!entries.contains(entry)) {
            entries.add(entry);
        }
    }

    void removeIf(Predicate<Entry> which) {
        entries.removeIf(which);
    }

    boolean has(Predicate<Entry> which) {
        return entries.stream().anyMatch(which);
    }

    /** The longest match in the local table, else in main; the first added wins a tie. */
    Optional<Entry> lookup(InetAddress destination) {
        Optional<Entry> local = longestMatch(destination, true);
        return local.isPresent() ? local : longestMatch(destination, false);
    }

    private Optional<Entry> longestMatch(InetAddress destination, boolean localTable) {
        Entry best = null;
        for (Entry e : entries) {
            if (e.local() == localTable && e.contains(destination) && (best == null || e.length() > best.length())) {
                best = e;
            }
        }
        return Optional.ofNullable(best);
    }

    static boolean sameFamily(InetAddress a, InetAddress b) {
        return a.getAddress().length == b.getAddress().length;
    }

    /** How many leading bits two addresses of one family share. */
    static int commonPrefix(InetAddress a, InetAddress b) {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        for (int i = 0; i < x.length; i++) {
            int diff = (x[i] ^ y[i]) & 0xff;
            if (diff != 0) {
                return 8 * i + Integer.numberOfLeadingZeros(diff) - 24;
            }
        }
        return 8 * x.length;
    }
}
