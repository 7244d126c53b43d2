package io.github.ipvs4j.testkit.scheduler;

/** {@code lc}: the usable destination with the smallest overhead; the first one wins a tie. */
final class LeastConnection implements SchedulingAlgorithm {
    @Override
    public Destination schedule(ServiceContext service, Packet packet) {
        Destination least = null;
        int loh = 0;
        for (Destination d : service.destinations()) {
            if (d.overloaded() || d.weight() == 0) {
                continue;
            }
            int doh = d.overhead();
            if (least == null || doh < loh) {
                least = d;
                loh = doh;
            }
        }
        return least;
    }
}
