package io.github.ipvs4j.testkit.scheduler;

import io.github.ipvs4j.model.SchedulerFlag;
import java.util.List;

/**
 * {@code sh}: a 256-bucket table filled round the list, each destination taking as many consecutive
 * buckets as its weight; the client's address (and port with {@link SchedulerFlag#PORT}) picks the
 * bucket through {@code hash_32}. With {@link SchedulerFlag#FALLBACK} an unusable destination is
 * skipped by probing further buckets.
 */
final class SourceHashing implements TableScheduler {
    static final int BITS = 8;
    static final int SIZE = 1 << BITS;

    private final Destination[] buckets = new Destination[SIZE];

    @Override
    public void rebuild(ServiceContext service) {
        List<Destination> list = service.destinations();
        int p = 0;
        int count = 0;
        for (int i = 0; i < SIZE; i++) {
            if (list.isEmpty()) {
                buckets[i] = null;
                continue;
            }
            Destination d = list.get(p);
            buckets[i] = d;
            if (++count >= d.weight()) {
                p = (p + 1) % list.size();
                count = 0;
            }
        }
    }

    /** The bucket for an address and port (0 without the port flag), offset for fallback probing. */
    static int bucket(ServiceContext service, Packet packet, int offset) {
        int port = service.hasFlag(SchedulerFlag.PORT) ? packet.sourcePort() : 0;
        int fold = KernelHash.fold(service.ipv6(), packet.sourceAddress());
        return (offset + KernelHash.hash32(port + fold, BITS)) & (SIZE - 1);
    }

    @Override
    public Destination schedule(ServiceContext service, Packet packet) {
        return SchedulingAlgorithm.hashedLookup(service, buckets, offset -> bucket(service, packet, offset));
    }
}
