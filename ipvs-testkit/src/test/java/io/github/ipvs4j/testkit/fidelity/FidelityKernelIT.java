package io.github.ipvs4j.testkit.fidelity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.testkit.FakeKernel;
import io.github.ipvs4j.testkit.gen.PropertyRunner;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fidelity: for every scheduler, generated configurations and traffic are played as real TCP
 * connections through the guest's IPVS (LVS-NAT, see {@link GuestNetwork}) and through
 * {@code FakeKernel.builder().debian61()}; every decision must agree, and so must the real servers'
 * counters each kernel had before it. Runs as root in the qemu guest
 * ({@code mvn -Pkernel verify}).
 *
 * <p>Seeds: {@code -Dipvs4j.seed=S -Dipvs4j.fidelity.slot=K} replays the one scenario with seed S in
 * slot K (as a failure prints it) for every scheduler;
 * {@code -Dipvs4j.fidelity.seed=B} fixes the base seed the scenario seeds come from (printed at the
 * start). {@code -Dipvs4j.fidelity.scenarios} and {@code -Dipvs4j.fidelity.steps} size the run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FidelityKernelIT {
    private static final int SCENARIOS = Integer.getInteger("ipvs4j.fidelity.scenarios", 4);
    private static final int STEPS = Integer.getInteger("ipvs4j.fidelity.steps", 300);

    private final long baseSeed = Long.getLong("ipvs4j.fidelity.seed", new SplittableRandom().nextLong());
    private final Long replay = Long.getLong(PropertyRunner.SEED_PROPERTY);
    private final AtomicInteger nextSlot = new AtomicInteger(Integer.getInteger("ipvs4j.fidelity.slot", 1));
    private final Map<String, String> summary = new TreeMap<>();
    private Ipvs ipvs;
    private GuestNetwork network;
    private long startNanos;

    @BeforeAll
    void setUp() throws Exception {
        startNanos = System.nanoTime();
        System.out.println("fidelity: base seed " + baseSeed + " (replay the run with -Dipvs4j.fidelity.seed="
                + baseSeed + ", one scenario with -D" + PropertyRunner.SEED_PROPERTY + "=<scenario seed>)");
        ipvs = Ipvs.open();
        ipvs.flush();
        System.out.printf("fidelity: IPVS opened after %.1f s%n", (System.nanoTime() - startNanos) / 1e9);
        network = GuestNetwork.create();
        System.out.printf("fidelity: network and IPVS ready after %.1f s%n", (System.nanoTime() - startNanos) / 1e9);
    }

    @AfterAll
    void tearDown() throws Exception {
        long closing = System.nanoTime();
        try {
            if (network != null) {
                network.close();
            }
        } finally {
            if (ipvs != null) {
                ipvs.close();
            }
        }
        System.out.printf("fidelity: network torn down in %.1f s%n", (System.nanoTime() - closing) / 1e9);
        summary.forEach((s, line) -> System.out.println("fidelity summary: " + line));
        System.out.printf("fidelity: wall time %.1f s%n", (System.nanoTime() - startNanos) / 1e9);
    }

    static List<Scheduler> schedulers() {
        return Scheduler.BUILT_IN;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schedulers")
    void fakeDecidesAsTheKernel(Scheduler scheduler, TestReporter reporter) throws Exception {
        Assumptions.assumeTrue(FakeKernel.DEBIAN_6_1_SCHEDULERS.contains(scheduler),
                () -> scheduler + " is not in Debian 12's 6.1 kernel (twos is newer than Linux 6.1): skipped");
        KernelPlayer player = new KernelPlayer(ipvs, network);
        long[] seeds = seeds(scheduler);
        int agreed = 0;
        int total = 0;
        int sameCounters = 0;
        long startNanos = System.nanoTime();
        for (long seed : seeds) {
            // Each scenario its own slot: virtual address and client ports no other scenario of the run
            // meets (trashed real servers, lingering connections).
            int slot = nextSlot.getAndIncrement();
            assertThat(slot).as("scenarios per run").isLessThanOrEqualTo(ScenarioGenerator.SLOTS);
            Scenario scenario = new ScenarioGenerator(scheduler, slot, STEPS).generate(seed);
            KernelPlayer.Trace real = player.play(scenario);
            System.out.println("fidelity: " + scheduler + " " + scenario.replay() + ": " + real.summary());
            List<Decision> fake = FakePlayer.play(scenario, real.stepMillis());
            Agreement a = Agreement.compare(real.decisions(), fake);
            agreed += a.agreed();
            total += a.total();
            if (a.firstDifference().isPresent()) {
                fail(Report.disagreement(scheduler, scenario, real.decisions(), fake, a));
            }
            // Equal counters (weights, active, inactive, persistent) before every decision: the fake
            // tracks connection states as the kernel does, not only its choices so far.
            int same = Agreement.sameCounters(real.decisions(), fake);
            sameCounters += same;
            if (same < a.total()) {
                fail(Report.countersDiffer(scheduler, scenario, real.decisions(), fake));
            }
        }
        String line = String.format("%-5s agreement: %d/%d decisions (%d scenarios, %.1f s; counters agree before %d)",
                scheduler, agreed, total, seeds.length, (System.nanoTime() - startNanos) / 1e9, sameCounters);
        System.out.println("fidelity: " + line);
        reporter.publishEntry("agreement", agreed + "/" + total + " decisions");
        summary.put(scheduler.name(), line);
        assertThat(total).as("decisions compared").isPositive();
    }

    /** The scenario seeds for a scheduler: derived from the base seed and its name, or the replayed one. */
    private long[] seeds(Scheduler scheduler) {
        if (replay != null) {
            return new long[] {replay};
        }
        SplittableRandom r = new SplittableRandom(baseSeed ^ scheduler.name().hashCode());
        long[] seeds = new long[SCENARIOS];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = r.nextLong();
        }
        return seeds;
    }
}
