package io.github.ipvs4j.testkit.scheduler;

import io.github.ipvs4j.model.SchedulerFlag;
import java.util.List;

/**
 * {@code mh}: Maglev consistent hashing. Each destination gets a permutation of a prime-sized lookup
 * table from two {@code hsiphash}es of its address and port, and the table is filled by taking
 * turns in list order, each destination as many turns as its last non-zero weight (scaled down by
 * the weights' gcd and a shift). The client's address (and port with {@link SchedulerFlag#PORT})
 * picks the entry.
 *
 * <p>The kernel's hash keys are constants ({@code 2654435761} and {@code 2654446892}, not random), so
 * the fake fills the same table as any x86-64 kernel and picks the same real server.
 */
final class MaglevHashing implements TableScheduler {
    /** The table sizes the kernel offers ({@code CONFIG_IP_VS_MH_TAB_INDEX} 8..17). */
    static final int[] PRIMES = {251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071};
    /** The kernel's default table size ({@code CONFIG_IP_VS_MH_TAB_INDEX=12}). */
    static final int DEFAULT_SIZE = 4093;

    private static final long KEY1 = 2654435761L;
    private static final long KEY2 = 2654446892L;

    private final int size;
    private final int tableBits;
    private final Destination[] lookup;

    MaglevHashing(int size) {
        int index = -1;
        for (int i = 0; i < PRIMES.length; i++) {
            if (PRIMES[i] == size) {
                index = i;
            }
        }
        if (index < 0) {
            throw new IllegalArgumentException("mh table size " + size + " is not one of the kernel's primes");
        }
        this.size = size;
        this.tableBits = (index + 8) / 2;
        this.lookup = new Destination[size];
    }

    static int hashKey(ServiceContext service, java.net.InetAddress address, int port, long key, int offset) {
        int v = offset + port + KernelHash.fold(service.ipv6(), address);
        return KernelHash.hsiphash32(v, key, key);
    }

    @Override
    public void rebuild(ServiceContext service) {
        List<Destination> list = service.destinations();
        if (list.size() > size) {
            return; // the kernel refuses (EINVAL, ignored by its caller) and keeps the old table
        }
        int gcd = 0;
        int max = 0;
        for (Destination d : list) {
            int w = d.lastWeight();
            if (w > 0) {
                gcd = gcd > 0 ? WeightedRoundRobin.gcd(w, gcd) : w;
            }
            max = Math.max(max, w);
        }
        if (gcd < 1) {
            java.util.Arrays.fill(lookup, null);
            return;
        }
        int shift = Math.max(0, (32 - Integer.numberOfLeadingZeros(max / gcd)) - tableBits);
        int n = list.size();
        int[] perm = new int[n];
        int[] skip = new int[n];
        int[] turns = new int[n];
        for (int i = 0; i < n; i++) {
            Destination d = list.get(i);
            perm[i] = Integer.remainderUnsigned(hashKey(service, d.address(), d.port(), KEY1, 0), size);
            skip[i] = Integer.remainderUnsigned(hashKey(service, d.address(), d.port(), KEY2, 0), size - 1) + 1;
            int lw = d.lastWeight();
            int t = (lw / gcd) >> shift;
            turns[i] = t != 0 ? t : (lw != 0 ? 1 : 0);
        }
        boolean[] taken = new boolean[size];
        int filled = 0;
        int count = 0;
        while (true) {
            for (int i = 0; i < n; ) {
                if (turns[i] < 1) {
                    i++;
                    continue;
                }
                int c = perm[i];
                while (taken[c]) {
                    perm[i] += skip[i];
                    if (perm[i] >= size) {
                        perm[i] -= size;
                    }
                    c = perm[i];
                }
                taken[c] = true;
                lookup[c] = list.get(i);
                if (++filled == size) {
                    return;
                }
                if (++count >= turns[i]) {
                    count = 0;
                    i++;
                }
            }
        }
    }

    private int entry(ServiceContext service, Packet packet, int offset) {
        int port = service.hasFlag(SchedulerFlag.PORT) ? packet.sourcePort() : 0;
        return Integer.remainderUnsigned(hashKey(service, packet.sourceAddress(), port, KEY1, offset), size);
    }

    @Override
    public Destination schedule(ServiceContext service, Packet packet) {
        return SchedulingAlgorithm.hashedLookup(service, lookup, offset -> entry(service, packet, offset));
    }
}
