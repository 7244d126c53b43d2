package io.github.ipvs4j.testkit.scheduler;

/** {@code fo}: the not overloaded destination with the highest weight; the first one wins a tie. */
final class WeightedFailover implements SchedulingAlgorithm {
    @Override
    public Destination schedule(ServiceContext service, Packet packet) {
        Destination best = null;
        int hw = 0;
        for (Destination d : service.destinations()) {
            if (!d.overloaded() && d.weight() > hw) {
                best = d;
                hw = d.weight();
            }
        }
        return best;
    }
}
