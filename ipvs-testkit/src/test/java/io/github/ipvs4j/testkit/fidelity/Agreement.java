package io.github.ipvs4j.testkit.fidelity;

import java.util.List;
import java.util.Optional;

/**
 * How many decisions of the fake kernel equal the real kernel's, and the first that does not.
 *
 * @param agreed decisions both kernels made alike
 * @param total decisions compared
 * @param firstDifference the index (into the decision lists) of the first disagreement, if any
 */
record Agreement(int agreed, int total, Optional<Integer> firstDifference) {

    /** No decisions yet. */
    static final Agreement NONE = new Agreement(0, 0, Optional.empty());

    /**
     * Compares two kernels' decisions for the same traffic, one by one.
     *
     * @throws IllegalArgumentException when the lists are not decisions for the same packets
     */
    static Agreement compare(List<Decision> kernel, List<Decision> fake) {
        if (kernel.size() != fake.size()) {
            throw new IllegalArgumentException("the kernel made " + kernel.size() + " decisions, the fake "
                    + fake.size() + ": they did not play the same traffic");
        }
        int agreed = 0;
        Integer first = null;
        for (int i = 0; i < kernel.size(); i++) {
            Decision k = kernel.get(i);
            Decision f = fake.get(i);
            if (k.step() != f.step() || !k.client().equals(f.client())) {
                throw new IllegalArgumentException("decision " + i + " is for different packets: " + k + " / " + f);
            }
            if (k.agreesWith(f)) {
                agreed++;
            } else if (first == null) {
                first = i;
            }
        }
        return new Agreement(agreed, kernel.size(), Optional.ofNullable(first));
    }

    /**
     * How many decisions both kernels made seeing the same real servers' counters (weights, active,
     * inactive and persistent connections) just before; the lists must be {@link #compare}d first.
     */
    static int sameCounters(List<Decision> kernel, List<Decision> fake) {
        int same = 0;
        for (int i = 0; i < kernel.size(); i++) {
            if (kernel.get(i).counters().equals(fake.get(i).counters())) {
                same++;
            }
        }
        return same;
    }

    /** Whether every decision agreed. */
    boolean complete() {
        return agreed == total;
    }

    /** {@code agreement: 412/412 decisions}. */
    @Override
    public String toString() {
        return "agreement: " + agreed + "/" + total + " decisions";
    }
}
