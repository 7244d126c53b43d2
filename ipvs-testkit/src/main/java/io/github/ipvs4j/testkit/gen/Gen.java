package io.github.ipvs4j.testkit.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A seeded generator of values: the same random state gives the same value, so a failing case is
 * replayed from its seed. Usable from any property-testing library or plain JUnit.
 *
 * @param <T> the type of generated values
 */
@FunctionalInterface
public interface Gen<T> {

    /** Draws a value. */
    T generate(SplittableRandom random);

    /** Draws a value from a fresh source seeded with {@code seed}. */
    default T generate(long seed) {
        return generate(new SplittableRandom(seed));
    }

    /** A generator of {@code f} applied to this one's values. */
    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        Objects.requireNonNull(f, "f");
        return r -> f.apply(generate(r));
    }

    /** A generator that uses this one's value to choose the next generator. */
    default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> f) {
        Objects.requireNonNull(f, "f");
        return r -> f.apply(generate(r)).generate(r);
    }

    /** Values that pass {@code filter}; gives up after 1000 rejections in a row. */
    default Gen<T> filter(Predicate<? super T> filter) {
        return r -> {
            for (int i = 0; i < 1000; i++) {
                T t = generate(r);
                if (filter.test(t)) {
                    return t;
                }
            }
            throw new IllegalStateException("filter rejected 1000 values in a row");
        };
    }

    /** Lists of {@code min..max} values. */
    default Gen<List<T>> list(int min, int max) {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("bad list size range " + min + ".." + max);
        }
        return r -> {
            int n = min + r.nextInt(max - min + 1);
            List<T> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(generate(r));
            }
            return out;
        };
    }

    /** Always {@code value}. */
    static <T> Gen<T> constant(T value) {
        return r -> value;
    }

    /** Integers in {@code min..max} inclusive, uniformly. */
    static Gen<Integer> ints(int min, int max) {
        if (max < min) {
            throw new IllegalArgumentException("bad range " + min + ".." + max);
        }
        return r -> (int) (min + r.nextLong((long) max - min + 1));
    }

    /** One of the given values, uniformly. */
    @SafeVarargs
    static <T> Gen<T> oneOf(T... values) {
        return oneOf(List.of(values));
    }

    /** One of the given values, uniformly. */
    static <T> Gen<T> oneOf(List<? extends T> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values to choose from");
        }
        List<? extends T> copy = List.copyOf(values);
        return r -> copy.get(r.nextInt(copy.size()));
    }

    /** A value from one of the given generators, chosen uniformly. */
    @SafeVarargs
    static <T> Gen<T> oneOfGens(Gen<? extends T>... gens) {
        List<Gen<? extends T>> copy = List.of(gens);
        return r -> copy.get(r.nextInt(copy.size())).generate(r);
    }

    /** True with probability {@code p}. */
    static Gen<Boolean> chance(double p) {
        return r -> r.nextDouble() < p;
    }
}
