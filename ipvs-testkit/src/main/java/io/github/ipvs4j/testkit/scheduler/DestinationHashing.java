package io.github.ipvs4j.testkit.scheduler;

import java.util.List;

/**
 * {@code dh}: a 256-bucket table filled round the list, one bucket per destination in turn
 * (weights are ignored); the packet's destination address picks the bucket through
 * {@code hash_32}. Weight changes do not rebuild the table, as in the kernel.
 */
final class DestinationHashing implements SchedulingAlgorithm {
    static final int BITS = 8;
    static final int SIZE = 1 << BITS;

    private final Destination[] buckets = new Destination[SIZE];

    @Override
    public void init(ServiceContext service) {
        reassign(service);
    }

    @Override
    public void added(ServiceContext service, Destination dest) {
        reassign(service);
    }

    @Override
    public void removed(ServiceContext service, Destination dest, int formerIndex) {
        reassign(service);
    }

    private void reassign(ServiceContext service) {
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
