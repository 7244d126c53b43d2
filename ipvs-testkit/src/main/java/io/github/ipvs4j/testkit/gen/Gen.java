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

    /**
     * Draws a value.
     *
     * @param random the source of randomness, advanced by the draw
     * @return the value; the same for a source in the same state
     */
    T generate(SplittableRandom random);

    /**
     * Draws a value from a fresh source seeded with {@code seed}.
     *
     * @param seed the seed, any value
     * @return the value; the same for the same seed
     */
    default T generate(long seed) {
        return generate(new SplittableRandom(seed));
    }

    /**
     * A generator of {@code f} applied to this one's values.
     *
     * @param <R> the type of the mapped values
     * @param f the function applied to each value drawn from this generator
     * @return the new generator
     * @throws NullPointerException if {@code f} is null
     */
    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        Objects.requireNonNull(f, "f");
        return r -> f.apply(generate(r));
    }

    /**
     * A generator that uses this one's value to choose the next generator.
     *
     * @param <R> the type of the values of the chosen generators
     * @param f gives the generator to draw from for each value drawn from this one; must not return null
     * @return the new generator, which draws from this one and then from the chosen one, on one source
     * @throws NullPointerException if {@code f} is null
     */
    default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> f) {
        Objects.requireNonNull(f, "f");
        return r -> f.apply(generate(r)).generate(r);
    }

    /**
     * Values that pass {@code filter}; gives up after 1000 rejections in a row.
     *
     * @param filter the test a value must pass to be returned
     * @return the new generator, whose draws throw {@link IllegalStateException} after 1000 values in a
     *     row failed {@code filter}
     */
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

    /**
     * Lists of {@code min..max} values of this generator, the size chosen uniformly.
     *
     * @param min the smallest size, 0 or more
     * @param max the largest size, at least {@code min}
     * @return the new generator of modifiable lists
     * @throws IllegalArgumentException if {@code min} is negative or {@code max} is below it
     */
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

    /**
     * Always {@code value}.
     *
     * @param <T> the value's type
     * @param value the value, possibly null
     * @return a generator that returns {@code value} without drawing anything
     */
    static <T> Gen<T> constant(T value) {
        return r -> value;
    }

    /**
     * Integers in {@code min..max} inclusive, uniformly.
     *
     * @param min the smallest value
     * @param max the largest value, at least {@code min}
     * @return the new generator
     * @throws IllegalArgumentException if {@code max} is below {@code min}
     */
    static Gen<Integer> ints(int min, int max) {
        if (max < min) {
            throw new IllegalArgumentException("bad range " + min + ".." + max);
        }
        return r -> (int) (min + r.nextLong((long) max - min + 1));
    }

    /**
     * One of the given values, uniformly.
     *
     * @param <T> the values' type
     * @param values at least one value, none null
     * @return the new generator
     * @throws NullPointerException if {@code values} is null or holds a null
     * @throws IllegalArgumentException if there are no values
     */
    @SafeVarargs
    static <T> Gen<T> oneOf(T... values) {
        return oneOf(List.of(values));
    }

    /**
     * One of the given values, uniformly.
     *
     * @param <T> the values' type
     * @param values at least one value, none null; copied
     * @return the new generator
     * @throws NullPointerException if {@code values} is null or holds a null
     * @throws IllegalArgumentException if there are no values
     */
    static <T> Gen<T> oneOf(List<? extends T> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values to choose from");
        }
        List<? extends T> copy = List.copyOf(values);
        return r -> copy.get(r.nextInt(copy.size()));
    }

    /**
     * A value from one of the given generators, chosen uniformly.
     *
     * @param <T> the type of the generators' values
     * @param gens at least one generator, none null (with none, every draw throws
     *     {@link IllegalArgumentException})
     * @return the new generator
     * @throws NullPointerException if {@code gens} is null or holds a null
     */
    @SafeVarargs
    static <T> Gen<T> oneOfGens(Gen<? extends T>... gens) {
        List<Gen<? extends T>> copy = List.of(gens);
        return r -> copy.get(r.nextInt(copy.size())).generate(r);
    }

    /**
     * True with probability {@code p}.
     *
     * @param p the probability of true, 0.0..1.0 (0 or less never, 1 or more always)
     * @return the new generator
     */
    static Gen<Boolean> chance(double p) {
        return r -> r.nextDouble() < p;
    }
}
