package io.github.ipvs4j.testkit.scheduler;

import java.util.List;
import java.util.function.ToIntFunction;

/**
 * {@code wlc} (and, with another overhead, {@code sed}): the destination with the smallest
 * overhead/weight, compared as cross products; the first usable destination seeds the search and
 * wins ties.
 */
class WeightedLeastConnection implements SchedulingAlgorithm {
    private final ToIntFunction<Destination> overhead;

    WeightedLeastConnection() {
        this(Destination::overhead);
    }

    WeightedLeastConnection(ToIntFunction<Destination> overhead) {
        this.overhead = overhead;
    }

    @Override
    public Destination schedule(ServiceContext service, Packet packet) {
        return leastWeighted(service.destinations(), overhead);
    }

    /** The kernel's weighted least-connection search over a list, as wlc, sed, lblc and lblcr use it. */
    static Destination leastWeighted(List<Destination> list, ToIntFunction<Destination> overhead) {
        int i = 0;
        Destination least = null;
        for (; i < list.size(); i++) {
            Destination d = list.get(i);
            if (!d.overloaded() && d.weight() > 0) {
                least = d;
                break;
            }
        }
        if (least == null) {
            return null;
        }
        long loh = overhead.applyAsInt(least);
        for (i++; i < list.size(); i++) {
            Destination d = list.get(i);
            if (d.overloaded()) {
                continue;
            }
            long doh = overhead.applyAsInt(d);
            if (loh * d.weight() > doh * least.weight()) {
                least = d;
                loh = doh;
            }
        }
        return least;
    }
}
