package io.github.ipvs4j.apply;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.benchmarks.Tables;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.RealServerStatus;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.Stats;
import io.github.ipvs4j.testkit.FakeKernel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Plan computation for 100,000 objects (10,000 services x 9 real servers): the package-private
 * {@link Planner} alone (declared in its package so it is reachable on the class path), and a whole
 * {@link Reconciler#plan} against a fake kernel holding the table (reading it included), and the same
 * through an incremental reconciler that keeps the table it read (no read at all).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PlanBenchmark {
    @Param("10000")
    int services;
    @Param("9")
    int perService;

    private IpvsConfig table;
    private IpvsConfig changed;
    private List<Planner.Observed> observed;
    private Ipvs fake;
    private Reconciler reconciler;
    private Reconciler incremental;

    @Setup(Level.Trial)
    public void setUp() {
        table = Tables.generate(services, perService);
        changed = Tables.changed(services, perService);
        observed = observe(table);
        fake = Ipvs.using(FakeKernel.create());
        Reconciler.of(fake).apply(table);
        reconciler = Reconciler.builder(fake).build();
        incremental = Reconciler.builder(fake).incremental(Duration.ofDays(1)).build();
        incremental.plan(table); // reads the table once; plans only plan from then on
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fake.close();
    }

    /** The table as the kernel would list it: real servers newest first. */
    private static List<Planner.Observed> observe(IpvsConfig config) {
        List<Planner.Observed> out = new ArrayList<>();
        for (ServiceConfig s : config.services()) {
            List<RealServerStatus> servers = new ArrayList<>();
            for (RealServer rs : s.realServers()) {
                servers.add(0, new RealServerStatus(rs, 0, 0, 0, Stats.ZERO));
            }
            out.add(new Planner.Observed(s.service(), servers));
        }
        return out;
    }

    /** Everything to create: a load into an empty table. */
    @Benchmark
    public Plan plannerFromEmpty() {
        return Planner.plan(List.of(), table, ServiceSelector.all(), null, Instant.EPOCH, Map.of());
    }

    /** Nothing to change: what a periodic reconcile costs most of the time. */
    @Benchmark
    public Plan plannerUnchanged() {
        return Planner.plan(observed, table, ServiceSelector.all(), null, Instant.EPOCH, Map.of());
    }

    /** A 1% change: services added, deleted, and real servers re-weighted. */
    @Benchmark
    public Plan plannerOnePercent() {
        return Planner.plan(observed, changed, ServiceSelector.all(), null, Instant.EPOCH, Map.of());
    }

    /** A 1% change through the public API: reads the fake kernel's table, then plans. */
    @Benchmark
    public Plan reconcilerOnePercentFakeKernel() {
        return reconciler.plan(changed);
    }

    /** A 1% change through an incremental reconciler holding the table: planning without reading. */
    @Benchmark
    public Plan incrementalOnePercentFakeKernel() {
        return incremental.plan(changed);
    }
}
