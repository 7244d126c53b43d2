package io.github.ipvs4j.testkit.scheduler;

/** {@code nq}: the first idle (no active connections) usable destination, otherwise as sed. */
final class NeverQueue implements SchedulingAlgorithm {
    @Override
    public Destination schedule(ServiceContext service, Packet packet) {
        Destination least = null;
        long loh = 0;
        for (Destination d : service.destinations()) {
            if (d.overloaded() || d.weight() == 0) {
                continue;
            }
            long doh = d.activeConnections() + 1L;
            if (d.activeConnections() == 0) {
                return d;
            }
            if (least == null || loh * d.weight() > doh * least.weight()) {
                least = d;
                loh = doh;
            }
        }
        return least;
    }
}
