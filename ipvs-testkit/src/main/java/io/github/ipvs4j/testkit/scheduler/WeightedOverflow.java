package io.github.ipvs4j.testkit.scheduler;

/**
 * {@code ovf}: the highest-weight destination whose active connections do not exceed its weight;
 * the next one takes over once it does.
 */
final class WeightedOverflow implements SchedulingAlgorithm {
    @Override
    public Destination schedule(ServiceContext service, Packet packet) {
        Destination best = null;
        int hw = 0;
        for (Destination d : service.destinations()) {
            int w = d.weight();
            if (d.overloaded() || d.activeConnections() > w || w == 0) {
                continue;
            }
            if (best == null || w > hw) {
                best = d;
                hw = w;
            }
        }
        return best;
    }
}
