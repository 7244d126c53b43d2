package io.github.ipvs4j.testkit.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs generated cases with printable, replayable seeds, for plain JUnit (or anything else).
 *
 * <p>Each case has its own seed, derived from a base seed. On failure the runner throws an
 * {@link AssertionError} naming the case's seed; run again with {@code -Dipvs4j.seed=<seed>} to replay
 * exactly that case. Stateful runs shrink a failing sequence by dropping steps while it still fails.
 */
public final class PropertyRunner {
    /** The system property that replays one seed. */
    public static final String SEED_PROPERTY = "ipvs4j.seed";

    private final int cases;
    private final long baseSeed;
    private final Long replay;

    private PropertyRunner(int cases, long baseSeed, Long replay) {
        this.cases = cases;
        this.baseSeed = baseSeed;
        this.replay = replay;
    }

    /**
     * A runner of {@code cases} cases from a random base seed, or of the one case named by the
     * system property {@value #SEED_PROPERTY} when it is set.
     *
     * @param cases how many cases to run, 0 or more; ignored when a seed is replayed
     * @return the runner
     * @throws NumberFormatException if {@value #SEED_PROPERTY} is set to something other than a
     *     {@code long}
     */
    public static PropertyRunner cases(int cases) {
        String p = System.getProperty(SEED_PROPERTY);
        Long replay = p == null || p.isBlank() ? null : Long.parseLong(p.trim());
        return new PropertyRunner(cases, new SplittableRandom().nextLong(), replay);
    }

    /**
     * The same runner with a fixed base seed (still overridden by {@value #SEED_PROPERTY}).
     *
     * @param baseSeed the seed the cases' seeds are derived from, any value
     * @return a new runner of as many cases from that base seed
     */
    public PropertyRunner seed(long baseSeed) {
        return new PropertyRunner(cases, baseSeed, replay);
    }

    private long[] seeds() {
        if (replay != null) {
            return new long[] {replay};
        }
        SplittableRandom r = new SplittableRandom(baseSeed);
        long[] seeds = new long[cases];
        for (int i = 0; i < cases; i++) {
            seeds[i] = r.nextLong();
        }
        return seeds;
    }

    /**
     * Checks {@code property} on values of {@code gen}; fails with the seed of the first failing case.
     *
     * @param <T> the type of the values
     * @param gen draws each case's value from the case's seed
     * @param property checks a value, by throwing (an {@link AssertionError} or any other exception)
     *     when it does not hold
     * @throws NullPointerException if {@code gen} is null
     * @throws AssertionError for the first case whose check threw, naming its seed and value, with what
     *     the check threw as the cause
     */
    public <T> void forAll(Gen<T> gen, Consumer<? super T> property) {
        Objects.requireNonNull(gen, "gen");
        for (long seed : seeds()) {
            T value = gen.generate(seed);
            try {
                property.accept(value);
            } catch (Throwable t) {
                throw failure(seed, "value: " + value, t);
            }
        }
    }

    /**
     * Runs sequences of up to {@code maxSteps} actions against fresh states, skipping steps whose
     * precondition fails. A failing sequence is shrunk by dropping steps while it still fails, and
     * reported with its seed and remaining steps. A state that is {@link AutoCloseable} is closed after
     * each run of a sequence.
     *
     * @param <S> the state the actions run against
     * @param <A> the type of the actions
     * @param initial makes a fresh state for each run of a sequence (shrinking reruns sequences)
     * @param actions draws the steps of a sequence
     * @param maxSteps the longest sequence, 0 or more; lengths are uniform in 0..{@code maxSteps}
     * @throws AssertionError for the first failing sequence, naming its seed and the steps left after
     *     shrinking, with what a step threw as the cause
     */
    public <S, A extends Action<S>> void stateful(Supplier<? extends S> initial, Gen<? extends A> actions, int maxSteps) {
        Gen<List<A>> sequences = r -> {
            int n = r.nextInt(maxSteps + 1);
            List<A> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(actions.generate(r));
            }
            return out;
        };
        for (long seed : seeds()) {
            List<A> steps = sequences.generate(seed);
            Throwable error = runSteps(initial, steps);
            if (error != null) {
                List<A> shrunk = shrink(initial, steps);
                Throwable shrunkError = runSteps(initial, shrunk);
                StringBuilder sb = new StringBuilder("steps (" + shrunk.size() + " of " + steps.size()
                        + " after shrinking):");
                for (A a : shrunk) {
                    sb.append("\n  ").append(a);
                }
                throw failure(seed, sb.toString(), shrunkError != null ? shrunkError : error);
            }
        }
    }

    private static <S, A extends Action<S>> Throwable runSteps(Supplier<? extends S> initial, List<A> steps) {
        S state = initial.get();
        try {
            for (A a : steps) {
                if (a.precondition(state)) {
                    a.run(state);
                }
            }
            return null;
        } catch (Throwable t) {
            return t;
        } finally {
            if (state instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing a test state must not hide the property's outcome
                }
            }
        }
    }

    /** Drops chunks of steps, halving the chunk size, while the sequence keeps failing. */
    private static <S, A extends Action<S>> List<A> shrink(Supplier<? extends S> initial, List<A> failing) {
        List<A> current = new ArrayList<>(failing);
        for (int chunk = Math.max(1, current.size() / 2); chunk >= 1; chunk /= 2) {
            boolean progress = true;
            while (progress) {
                progress = false;
                for (int start = 0; start < current.size(); start += chunk) {
                    List<A> candidate = new ArrayList<>(current);
                    candidate.subList(start, Math.min(current.size(), start + chunk)).clear();
                    if (runSteps(initial, candidate) != null) {
                        current = candidate;
                        progress = true;
                        break;
                    }
                }
            }
        }
        return current;
    }

    private static AssertionError failure(long seed, String detail, Throwable cause) {
        AssertionError e = new AssertionError("property failed for seed " + seed + " (replay with -D" + SEED_PROPERTY
                + "=" + seed + ")\n" + detail + "\ncause: " + cause, cause);
        return e;
    }
}
