package io.github.ipvs4j.testkit.scheduler;

/**
 * {@code twos}: draws two destinations at random, each with probability proportional to its weight,
 * and takes the one with the smaller overhead/weight. The kernel draws from its own entropy, so the
 * fake (seeded) matches it in distribution, not decision for decision.
 */
final class TwoRandomChoices implements SchedulingAlgorithm {
    @Override
    public Destination schedule(ServiceContext service, Packet packet) {
        long total = 0;
        for (Destination d : service.destinations()) {
            if (SchedulingAlgorithm.usable(d)) {
                total += d.weight();
            }
        }
        if (total == 0) {
            return null;
        }
        // Both draws are in [0, total] inclusive, as the kernel adds one before drawing.
        long r1 = service.random().nextLong(total + 1);
        long r2 = service.random().nextLong(total + 1);
        Destination c1 = null;
        Destination c2 = null;
        for (Destination d : service.destinations()) {
            if (!SchedulingAlgorithm.usable(d)) {
                continue;
            }
            r1 -= d.weight();
            r2 -= d.weight();
            if (r1 <= 0 && c1 == null) {
                c1 = d;
            }
            if (r2 <= 0 && c2 == null) {
                c2 = d;
            }
            if (c1 != null && c2 != null) {
                break;
            }
        }
        if ((long) c2.weight() * c1.overhead() > (long) c1.weight() * c2.overhead()) {
            return c2;
        }
        return c1;
    }
}
