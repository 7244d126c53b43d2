package io.github.ipvs4j.testkit.scheduler;

import java.util.List;

/**
 * {@code dh}: a 256-bucket table filled round the list, one bucket per destination in turn
 * (weights are ignored); the packet's destination address picks the bucket through
 * {@code hash_32}. Weight changes do not rebuild the table, as in the kernel.
 */
final class DestinationHashing implements TableScheduler {
    static final int BITS = 8;
    static final int SIZE = 1 << BITS;

    private final Destination[] buckets = new Destination[SIZE];

    /** The kernel's {@code dh} registers no {@code upd_dest}: weights do not enter the table. */
    @Override
    public void updated(ServiceContext service, Destination dest) {
    }

    @Override
    public void rebuild(ServiceContext service) {
        List<Destination> list = service.destinations();
        for (int i = 0; i < SIZE; i++) {
            buckets[i] = list.isEmpty() ? null : list.get(i % list.size());
        }
    }

    @Override
    public Destination schedule(ServiceContext service, Packet packet) {
        int fold = KernelHash.fold(service.ipv6(), packet.destinationAddress());
        Destination d = buckets[KernelHash.hash32(fold, BITS)];
        return d != null && d.available() && SchedulingAlgorithm.usable(d) ? d : null;
    }
}
