package io.github.ipvs4j.benchmarks;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.IpvsConfig;
import io.github.ipvs4j.apply.ApplyResult;
import io.github.ipvs4j.apply.Reconciler;

/**
 * The in-process side of the kernel benchmark, run in the guest on a fresh table: {@link Ipvs#apply}
 * of the whole table, {@link Ipvs#readConfig()} (the first call in the JVM, then a second one once the
 * code is compiled), {@link Reconciler#apply} of the 1% change, {@link Ipvs#flush()}. Prints one
 * {@code name seconds=S} line per measurement; the tables are built before the clock starts.
 *
 * <p>Usage: {@code InProcess SERVICES REALSERVERS}.
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
        try (Ipvs ipvs = Ipvs.open()) {
            if (!ipvs.listServices().isEmpty()) {
                throw new IllegalStateException("the table is not empty");
            }
            long t0 = System.nanoTime();
            ApplyResult loaded = ipvs.apply(table);
            report("load", t0, loaded.applied().size() + " changes");

            t0 = System.nanoTime();
            IpvsConfig read = ipvs.readConfig();
            report("read", t0, read.services().size() + " services " + read.realServerCount() + " real servers");
            check(read, table.services().size(), table.realServerCount());

            t0 = System.nanoTime();
            read = ipvs.readConfig();
            report("read-again", t0, read.services().size() + " services");

            t0 = System.nanoTime();
            ApplyResult reconciled = Reconciler.builder(ipvs).build().apply(changed);
            report("reconcile", t0, reconciled.applied().size() + " changes");
            read = ipvs.readConfig();
            check(read, changed.services().size(), changed.realServerCount());

            t0 = System.nanoTime();
            ipvs.flush();
            report("flush", t0, "");
        }
    }

    private static void report(String name, long start, String what) {
        System.out.printf("%s seconds=%.3f %s%n", name, (System.nanoTime() - start) / 1e9, what);
    }

    private static void check(IpvsConfig read, int services, int realServers) {
        if (read.services().size() != services || read.realServerCount() != realServers) {
            throw new IllegalStateException("the kernel holds " + read.services().size() + " services and "
                    + read.realServerCount() + " real servers, expected " + services + " and " + realServers);
        }
    }
}
