package io.github.ipvs4j.testkit.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.SchedulerFlag;
import io.github.ipvs4j.testkit.gen.Action;
import io.github.ipvs4j.testkit.gen.Gen;
import io.github.ipvs4j.testkit.gen.PropertyRunner;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * {@code wrr} skips the passes that cannot choose anything: the same decisions as the kernel's walk of
 * every pass, without its cost.
 */
class WeightedRoundRobinTest {

    /**
     * One service's destinations as the fake kernel keeps them (newest first), with one {@code wrr}
     * instance. Every destination has an upper threshold of 1, so one active connection overloads it.
     * {@link #reads} counts the destinations the scheduler looks at; one decision that reads more than
     * {@link #budget} fails (rather than run for ever if the scheduler loops).
     */
    static final class Service implements ServiceContext {
        final List<Destination> destinations = new ArrayList<>();
        final WeightedRoundRobin wrr;
        long reads;
        long budget = 1_000_000;
        private long limit = Long.MAX_VALUE;
        private int added;

        Service(WeightedRoundRobin wrr) {
            this.wrr = wrr;
            wrr.init(this);
        }

        void add(int weight) {
            RealServer server = server(added++, weight);
            Destination d = new Destination(server);
            d.configure(server, true);
            destinations.add(0, d);
            wrr.added(this, d);
        }

        void remove(int index) {
            Destination d = destinations.remove(index);
            d.unlink();
            wrr.removed(this, d, index);
        }

        void weigh(int index, int weight) {
            Destination d = destinations.get(index);
            d.configure(RealServer.builder(d.address(), d.port()).weight(weight).upperThreshold(1)
                    .forwarding(ForwardingMethod.NAT).build(), false);
            wrr.updated(this, d);
        }

        void toggleOverload(int index) {
            Destination d = destinations.get(index);
            if (d.activeConnections() == 0) {
                d.bind(false, false);
            } else {
                d.unbind(false, false);
            }
        }

        /** The index of the destination chosen, or -1 for none. */
        int schedule() {
            limit = reads + budget;
            try {
                return destinations.indexOf(wrr.schedule(this, null));
            } finally {
                limit = Long.MAX_VALUE;
            }
        }

        @Override
        public List<Destination> destinations() {
            return new AbstractList<>() {
                @Override
                public Destination get(int index) {
                    if (++reads > limit) {
                        throw new AssertionError("one decision read more than " + budget + " destinations");
                    }
                    return destinations.get(index);
                }

                @Override
                public int size() {
                    return destinations.size();
                }
            };
        }

        @Override
        public boolean ipv6() {
            return false;
        }

        @Override
        public boolean hasFlag(SchedulerFlag flag) {
            return false;
        }

        @Override
        public long nowMillis() {
            return 0;
        }

        @Override
        public RandomGenerator random() {
            return new SplittableRandom(0);
        }
    }

    static RealServer server(int i, int weight) {
        return RealServer.builder("198.51.100." + (1 + i % 250), 80 + i / 250).weight(weight).upperThreshold(1)
                .forwarding(ForwardingMethod.NAT).build();
    }

    @Test
    void anOverloadedServerOfTheLargestWeightCostsAFewPassesNotTwoToTheThirtyOne() {
        // The kernel walks 2^31 passes per connection here (cw from 2147483647 down to 1, one step per
        // pass), each reading every destination: more than a few passes' worth fails at once.
        Service s = new Service(new WeightedRoundRobin());
        s.add(1);
        s.add(Integer.MAX_VALUE);
        s.toggleOverload(0);
        s.budget = 20;
        List<Integer> picks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            picks.add(s.schedule());
        }
        assertThat(picks).containsExactly(1, 1, 1, 1, 1);
        // Free again, it is chosen at once: after the pass at weight 1, cw starts again at the top.
        s.toggleOverload(0);
        assertThat(s.schedule()).isZero();
    }

    /** Both schedulers fed the same changes; every decision is compared. */
    record Pair(Service fast, Service walk) {
        Pair() {
            this(new Service(new WeightedRoundRobin()), new Service(new WeightedRoundRobin(false)));
        }
    }

    record Add(int weight) implements Action<Pair> {
        @Override
        public void run(Pair p) {
            p.fast().add(weight);
            p.walk().add(weight);
        }
    }

    /** A change to the destination at {@code at} (modulo the list's length), made to both schedulers. */
    interface OnDestination extends Action<Pair> {
        int at();

        void apply(Service s, int index);

        @Override
        default boolean precondition(Pair p) {
            return !p.fast().destinations.isEmpty();
        }

        @Override
        default void run(Pair p) {
            int i = at() % p.fast().destinations.size();
            apply(p.fast(), i);
            apply(p.walk(), i);
        }
    }

    record Remove(int at) implements OnDestination {
        @Override
        public void apply(Service s, int index) {
            s.remove(index);
        }
    }

    record Weigh(int at, int weight) implements OnDestination {
        @Override
        public void apply(Service s, int index) {
            s.weigh(index, weight);
        }
    }

    record Overload(int at) implements OnDestination {
        @Override
        public void apply(Service s, int index) {
            s.toggleOverload(index);
        }
    }

    /** Decisions for which the walk read more destinations than the skipping scheduler. */
    private static int skipped;

    record Schedule(int times) implements Action<Pair> {
        @Override
        public void run(Pair p) {
            for (int k = 0; k < times; k++) {
                long fast = p.fast().reads;
                long walk = p.walk().reads;
                assertThat(p.fast().schedule()).as("decision %d", k).isEqualTo(p.walk().schedule());
                // The skipping one reads the list once more to find the largest weight available.
                if (p.walk().reads - walk > p.fast().reads - fast) {
                    skipped++;
                }
            }
        }
    }

    @Test
    void skippingPassesDecidesAsTheWalkOfEveryPass() {
        // Small weights, with common divisors and the odd larger one, so that cw often starts far above
        // every server that is not overloaded; overloads come and go between decisions.
        Gen<Integer> weights = Gen.oneOfGens(Gen.ints(0, 5), Gen.ints(1, 4).map(w -> 6 * w), Gen.ints(0, 60));
        Gen<Integer> index = Gen.ints(0, 7);
        Gen<Action<Pair>> actions = Gen.oneOfGens(
                weights.map(Add::new),
                weights.map(Add::new),
                index.map(Remove::new),
                r -> new Weigh(index.generate(r), weights.generate(r)),
                index.map(Overload::new),
                index.map(Overload::new),
                Gen.ints(1, 12).map(Schedule::new),
                Gen.ints(1, 12).map(Schedule::new),
                Gen.ints(1, 12).map(Schedule::new));
        PropertyRunner.cases(400).stateful(Pair::new, actions, 60);
        // Not vacuous: passes were skipped for many decisions.
        assertThat(skipped).isGreaterThan(100);
    }
}
