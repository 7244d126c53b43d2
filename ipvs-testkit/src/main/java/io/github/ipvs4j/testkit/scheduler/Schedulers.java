package io.github.ipvs4j.testkit.scheduler;

import io.github.ipvs4j.model.Scheduler;
import java.util.List;

/** Makes a fresh instance of a kernel scheduler by name, as {@code ip_vs_bind_scheduler} does. */
public final class Schedulers {
    /** Every scheduler the fake implements, in {@link Scheduler#BUILT_IN} order. */
    public static final List<Scheduler> IMPLEMENTED = Scheduler.BUILT_IN;

    private Schedulers() {
    }

    /**
     * A new scheduler instance.
     *
     * @param scheduler which one
     * @param mhTableSize the Maglev lookup table size (one of the kernel's primes)
     * @throws IllegalArgumentException for a scheduler the fake does not implement
     */
    public static SchedulingAlgorithm create(Scheduler scheduler, int mhTableSize) {
        switch (scheduler.name()) {
            case "rr": return new RoundRobin();
            case "wrr": return new WeightedRoundRobin();
            case "lc": return new LeastConnection();
            case "wlc": return new WeightedLeastConnection();
            case "lblc": return new LocalityBasedLeastConnection();
            case "lblcr": return new LocalityBasedLeastConnectionReplication();
            case "dh": return new DestinationHashing();
            case "sh": return new SourceHashing();
            case "sed": return new ShortestExpectedDelay();
            case "nq": return new NeverQueue();
            case "fo": return new WeightedFailover();
            case "ovf": return new WeightedOverflow();
            case "mh": return new MaglevHashing(mhTableSize);
            case "twos": return new TwoRandomChoices();
            default: throw new IllegalArgumentException("the fake kernel has no scheduler " + scheduler);
        }
    }

    /** Whether {@code size} is a Maglev table size the kernel can be built with. */
    public static boolean isMaglevTableSize(int size) {
        for (int p : MaglevHashing.PRIMES) {
            if (p == size) {
                return true;
            }
        }
        return false;
    }
}
