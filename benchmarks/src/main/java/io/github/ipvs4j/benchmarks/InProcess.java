package io.github.ipvs4j.benchmarks;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.apply.ApplyResult;
import io.github.ipvs4j.apply.Plan;
import io.github.ipvs4j.apply.Reconciler;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.spi.TransportOptions;
import java.time.Duration;

/**
 * The in-process side of the kernel benchmark, run in the guest on a fresh table:
 * {@code Reconciler.of(ipvs).apply} of the whole table, {@link Ipvs#readConfig()} (the first call in the JVM, then a
 * second one once the code is compiled), {@link Reconciler#apply} of the 1% change (also timed as its two halves,
 * {@code reconcile-plan} and {@code reconcile-execute}), {@link Ipvs#flush()}. Prints one
 * {@code name seconds=S} line per measurement; the tables are built before the clock starts.
 *
 * <p>With a network namespace as third argument, the same round runs again there, on that namespace's
 * own fresh table, once the JVM has loaded and compiled the code: the {@code -warm} figures, which
 * separate the JVM's warm-up (class loading over 9p, JIT under TCG) from the library's own cost.
 *
 * <p>With a fourth (and a fifth, for the warm round), the same load and change go through one
 * {@linkplain Reconciler.Builder#incremental incremental} reconciler, as a long-running agent makes them:
 * {@code load-incremental}, {@code reconcile-incremental} and its halves. The first runs after the
 * first round, so its code is partly compiled. Each round has its own namespace because a flush leaves
 * the removed real servers in the kernel's trash, which the next load into it would search.
 *
 * <p>Usage: {@code InProcess SERVICES REALSERVERS [WARM_NETNS [INCREMENTAL_NETNS [WARM_INCREMENTAL_NETNS]]]}.
 */
public final class InProcess {
    private InProcess() {
    }

    /** Runs the measurements; exits non-zero if the kernel's table is not what was loaded. */
    public static void main(String[] args) {
        int services = Integer.parseInt(args[0]);
        int perService = Integer.parseInt(args[1]);
        IpvsConfig table = Tables.generate(services, perService);
        IpvsConfig changed = Tables.changed(services, perService);
        round(Ipvs.open(), table, changed, "");
        if (args.length > 3) {
            incrementalRound(open(args[3]), table, changed, "");
        }
        if (args.length > 2) {
            round(open(args[2]), table, changed, "-warm");
        }
        if (args.length > 4) {
            incrementalRound(open(args[4]), table, changed, "-warm");
        }
    }

    private static Ipvs open(String networkNamespace) {
        return Ipvs.open(TransportOptions.DEFAULTS.withNetworkNamespace(networkNamespace));
    }

    private static void round(Ipvs handle, IpvsConfig table, IpvsConfig changed, String suffix) {
        try (Ipvs ipvs = handle) {
            if (!ipvs.listServices().isEmpty()) {
                throw new IllegalStateException("the table is not empty");
            }
            long t0 = System.nanoTime();
            ApplyResult loaded = Reconciler.of(ipvs).apply(table);
            report("load" + suffix, t0, loaded.applied().size() + " changes");

            t0 = System.nanoTime();
            IpvsConfig read = ipvs.readConfig();
            report("read" + suffix, t0, read.services().size() + " services " + read.realServerCount() + " real servers");
            check(read, table.services().size(), table.realServerCount());

            t0 = System.nanoTime();
            read = ipvs.readConfig();
            report("read-again" + suffix, t0, read.services().size() + " services");

            reconcile(Reconciler.builder(ipvs).build(), changed, "reconcile", suffix);
            read = ipvs.readConfig();
            check(read, changed.services().size(), changed.realServerCount());

            t0 = System.nanoTime();
            ipvs.flush();
            report("flush" + suffix, t0, "");
        }
    }

    /** The agent's way: one reconciler loads the table, keeps it (no resync due), then applies the change. */
    private static void incrementalRound(Ipvs handle, IpvsConfig table, IpvsConfig changed, String suffix) {
        try (Ipvs ipvs = handle) {
            if (!ipvs.listServices().isEmpty()) {
                throw new IllegalStateException("the table is not empty");
            }
            Reconciler agent = Reconciler.builder(ipvs).incremental(Duration.ofHours(1)).build();
            long t0 = System.nanoTime();
            ApplyResult loaded = agent.apply(table);
            report("load-incremental" + suffix, t0, loaded.applied().size() + " changes");
            reconcile(agent, changed, "reconcile-incremental", suffix);
            IpvsConfig read = ipvs.readConfig();
            check(read, changed.services().size(), changed.realServerCount());
            ipvs.flush();
        }
    }

    /** Applies the change, timing planning and executing apart: NAME, NAME-plan and NAME-execute. */
    private static void reconcile(Reconciler reconciler, IpvsConfig changed, String name, String suffix) {
        long t0 = System.nanoTime();
        Plan plan = reconciler.plan(changed);
        long t1 = System.nanoTime();
        ApplyResult reconciled = reconciler.execute(plan);
        long t2 = System.nanoTime();
        report(name + suffix, t0, t2, reconciled.applied().size() + " changes");
        report(name + "-plan" + suffix, t0, t1, plan.size() + " changes planned");
        report(name + "-execute" + suffix, t1, t2, "");
    }

    private static void report(String name, long start, String what) {
        report(name, start, System.nanoTime(), what);
    }

    private static void report(String name, long start, long end, String what) {
        System.out.printf("%s seconds=%.3f %s%n", name, (end - start) / 1e9, what);
    }

    private static void check(IpvsConfig read, int services, int realServers) {
        if (read.services().size() != services || read.realServerCount() != realServers) {
            throw new IllegalStateException("the kernel holds " + read.services().size() + " services and "
                    + read.realServerCount() + " real servers, expected " + services + " and " + realServers);
        }
    }
}
