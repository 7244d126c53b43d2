package io.github.ipvs4j.apply;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.BatchResult;
import io.github.ipvs4j.model.Change;
import io.github.ipvs4j.model.InvalidConfigurationException;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.model.IpvsOperation;
import io.github.ipvs4j.model.RealServerStatus;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualService;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the kernel's table match a desired state with the fewest changes, touching only the services
 * it owns, and optionally draining real servers before removing them.
 *
 * <pre>{@code
 * Reconciler reconciler = Reconciler.builder(ipvs)
 *         .owning(ServiceSelector.network("192.0.2.0/24"))
 *         .gracefulDrain(Duration.ofMinutes(5))
 *         .build();
 * ApplyResult result = reconciler.apply(desired);   // call again (e.g. every few seconds) to finish drains
 * }</pre>
 *
 * <p>Applying is idempotent: applying the same state twice sends nothing the second time. Changes go
 * to the transport in batches, one per phase (services, real servers, removals, deletions); if a phase
 * has a failure the later phases are not tried, and {@link ApplyException} reports exactly what was
 * applied, what failed and what was not tried. After a failure the table is read again, so a change
 * whose answer was lost (or a batch the transport cut short) is reported by what the kernel holds. A
 * reconciler is safe for use by many threads; applies are serialised.
 *
 * <p>By default each plan reads the whole owned table first (one service dump, then one real-server
 * dump per service), so it always sees what the kernel holds, changes made by others included. A
 * long-running agent can opt into {@linkplain Builder#incremental(Duration) incremental} mode instead:
 * the reconciler keeps the table it last read plus the changes the kernel confirmed since, and plans
 * against that.
 *
 * <p>It logs to the logger {@code io.github.ipvs4j.apply.Reconciler}: at info what an operator should
 * know (a summary of each apply that changed something, drains started and finished, whole reads in
 * incremental mode), at warn a failed apply, at debug the rest; each change is logged at debug by
 * {@link Ipvs#submit(List)}.
 */
public final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    /** How many real servers an info line names at most. */
    private static final int NAMED = 5;

    private final Ipvs ipvs;
    private final ServiceSelector owned;
    private final Duration drainTimeout;
    private final Clock clock;
    private final Duration resyncInterval;
    private final Map<Planner.ServerKey, Instant> drainStarts = new HashMap<>();
    /**
     * Incremental mode: the owned services as last read plus the confirmed changes since; null when the
     * next plan must read the whole table. Hashed, not sorted: {@link ServiceKey#ORDER} copies
     * addresses on every comparison, and the planner orders what it needs itself.
     */
    private TableModel known;
    /** When {@link #known} was last read whole. */
    private Instant lastFullRead;

    private Reconciler(Builder b) {
        this.ipvs = b.ipvs;
        this.owned = b.owned;
        this.drainTimeout = b.drainTimeout;
        this.clock = b.clock;
        this.resyncInterval = b.resyncInterval;
    }

    /**
     * Returns a reconciler that owns every service of the table and removes real servers at once: its
     * {@link #apply} deletes every service the desired table lacks, those of keepalived or kube-proxy
     * included. To manage only some services, build one that is {@linkplain Builder#owning owning}
     * them.
     *
     * @param ipvs the table to reconcile
     * @return the reconciler
     * @throws NullPointerException if {@code ipvs} is null
     */
    public static Reconciler of(Ipvs ipvs) {
        return builder(ipvs).build();
    }

    /**
     * Starts a reconciler for the given handle. Defaults: owns every service (see {@link #of}), no
     * drain, the system clock.
     *
     * @param ipvs the table to reconcile
     * @return the builder
     * @throws NullPointerException if {@code ipvs} is null
     */
    public static Builder builder(Ipvs ipvs) {
        return new Builder(ipvs);
    }

    /**
     * Computes the plan from the current table to {@code desired}, without changing anything. In
     * incremental mode "current" is the table this reconciler keeps (read whole when it is due).
     *
     * @param desired the table the owned services should match
     * @return the changes, in the order they would be made, and the real servers left draining
     * @throws NullPointerException if {@code desired} is null
     * @throws InvalidConfigurationException if {@code desired} holds a service this reconciler does not
     *     own
     * @throws IpvsException if reading the table fails (a {@code PermissionDeniedException} without
     *     CAP_NET_ADMIN, or another refusal or failure of the transport)
     * @throws IllegalStateException if the {@link Ipvs} handle is closed
     */
    public synchronized Plan plan(IpvsConfig desired) {
        Objects.requireNonNull(desired, "desired");
        Instant now = clock.instant();
        return Planner.plan(current(desired, now), desired, owned, drainTimeout, now, drainStarts);
    }

    /**
     * In incremental mode, forgets the table this reconciler keeps, so that the next plan or apply reads
     * the whole owned table again (e.g. after something else changed it). Does nothing in the default
     * mode, which reads the whole table every time.
     */
    public synchronized void invalidate() {
        known = null;
    }

    /**
     * Plans and executes: {@code execute(plan(desired))}.
     *
     * @param desired the table the owned services should match
     * @return what was done; {@link ApplyResult#draining()} lists servers still draining
     * @throws NullPointerException if {@code desired} is null
     * @throws InvalidConfigurationException if {@code desired} holds a service this reconciler does not
     *     own; nothing is changed then
     * @throws ApplyException if a change failed, listing what was applied, failed (with the kernel's
     *     reason: the {@link IpvsException} {@link Ipvs#submit} reports) and not tried
     * @throws IpvsException if reading the table fails (a {@code PermissionDeniedException} without
     *     CAP_NET_ADMIN, or another refusal or failure of the transport); nothing is changed then
     * @throws IllegalStateException if the {@link Ipvs} handle is closed
     */
    public synchronized ApplyResult apply(IpvsConfig desired) {
        return execute(plan(desired));
    }

    /**
     * Executes a plan made by {@link #plan(IpvsConfig)}, phase by phase, one batch per phase. A
     * transport that fails as a whole while a batch is sent fails every change of that batch, reported
     * by the {@link ApplyException} as the kernel's refusals are.
     *
     * @param plan the plan
     * @return what was done; {@link ApplyResult#draining()} lists servers still draining
     * @throws NullPointerException if {@code plan} is null
     * @throws ApplyException if a change failed, listing what was applied, failed (with the kernel's
     *     reason) and not tried
     * @throws IllegalStateException if the {@link Ipvs} handle is closed
     */
    public synchronized ApplyResult execute(Plan plan) {
        // Kept again only if the kernel confirms every change at first answer; anything else (a failure,
        // a lost answer, an exception from the transport) means the next plan reads the whole table.
        TableModel table = known;
        known = null;
        boolean confirmed = true;
        List<Change> applied = new ArrayList<>();
        List<BatchResult.Outcome> failed = new ArrayList<>();
        List<Change> notTried = new ArrayList<>();
        List<List<Change>> phases = new ArrayList<>(List.of(new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>()));
        for (Change c : plan.changes()) {
            phases.get(Plan.phase(c)).add(c);
        }
        for (List<Change> phase : phases) {
            if (!failed.isEmpty()) {
                notTried.addAll(phase);
                continue;
            }
            List<BatchResult.Outcome> outcomes;
            if (!phase.isEmpty()) {
                LOG.debug("submitting {} changes", phase.size());
            }
            try {
                outcomes = ipvs.submit(phase).outcomes();
            } catch (IpvsException e) {
                // The transport failed part-way (e.g. its socket broke): no change of the batch is
                // confirmed; reading the table below tells which took effect.
                outcomes = new ArrayList<>(phase.size());
                for (Change c : phase) {
                    outcomes.add(BatchResult.Outcome.failed(c, e));
                }
            }
            if (outcomes.stream().anyMatch(o -> !o.succeeded())) {
                confirmed = false;
                outcomes = verified(outcomes);
            }
            for (BatchResult.Outcome o : outcomes) {
                if (o.succeeded()) {
                    applied.add(o.change());
                } else {
                    failed.add(o);
                }
            }
        }
        Map<Planner.ServerKey, Instant> wereDraining = new HashMap<>(drainStarts);
        drainStarts.clear();
        for (Draining d : plan.draining()) {
            drainStarts.put(new Planner.ServerKey(d.service(), d.endpoint()), d.since());
        }
        boolean drainsChanged = logDrains(wereDraining, plan.draining(), applied);
        ApplyResult result = new ApplyResult(applied, failed, notTried, plan.draining());
        if (!result.succeeded()) {
            BatchResult.Outcome first = failed.get(0);
            LOG.warn("apply failed: {}; first failure: {}", result, first.error().map(Throwable::getMessage)
                    .orElse(String.valueOf(first.change())));
            throw new ApplyException(result);
        }
        if (!applied.isEmpty() || drainsChanged) {
            LOG.info("applied {} changes, {} real servers draining", applied.size(), plan.draining().size());
        } else {
            LOG.debug("nothing to change, {} real servers draining", plan.draining().size());
        }
        if (table != null && confirmed && record(table, applied)) {
            known = table;
        }
        return result;
    }

    /**
     * The table the next plan starts from. Stateless: read whole. Incremental: the kept table, read
     * whole if it is missing or older than the resync interval; otherwise only the services with real
     * servers that are draining or may start to are read again, since a drain needs live connection
     * counts.
     */
    private List<Planner.Observed> current(IpvsConfig desired, Instant now) {
        if (resyncInterval == null) {
            return observe();
        }
        if (known == null || !now.isBefore(lastFullRead.plus(resyncInterval))) {
            String why = lastFullRead == null ? "first plan"
                    : known == null ? "after a failure or invalidate()"
                    : "resync interval " + resyncInterval + " passed";
            if (resyncInterval.isZero()) {
                LOG.debug("incremental: reading the whole owned table ({})", why);
            } else {
                LOG.info("incremental: reading the whole owned table ({})", why);
            }
            known = null; // stays null if the read fails
            known = TableModel.observed(observe());
            lastFullRead = now;
        } else if (drainTimeout != null) {
            ipvs.listRealServerStatus(List.copyOf(drainCandidates(desired))).forEach(known::setRealServers);
        }
        return known.observed();
    }

    /** Kept services that have a draining real server, or one that is not desired (it may start draining). */
    private Set<ServiceKey> drainCandidates(IpvsConfig desired) {
        Set<ServiceKey> out = new HashSet<>();
        for (Planner.ServerKey draining : drainStarts.keySet()) {
            if (known.get(draining.service()) != null) {
                out.add(draining.service());
            }
        }
        for (ServiceConfig want : desired.services()) {
            Planner.Observed have = known.get(want.service().key());
            if (have == null || out.contains(want.service().key())) {
                continue;
            }
            Set<InetSocketAddress> wanted = new HashSet<>();
            want.realServers().forEach(rs -> wanted.add(rs.endpoint()));
            for (RealServerStatus rs : have.realServers()) {
                if (!wanted.contains(rs.server().endpoint())) {
                    out.add(want.service().key());
                    break;
                }
            }
        }
        return out;
    }

    /**
     * Records confirmed changes in the kept table as the kernel made them (a new real server goes first,
     * as the kernel lists it). Returns false if a change does not fit the table, which then is not kept.
     */
    private boolean record(TableModel table, List<Change> applied) {
        for (Change change : applied) {
            if (owned.owns(change.service()) && table.apply(change) != 0) {
                return false;
            }
        }
        // Published here, at the end of the apply that made the edits, not at the next plan: an
        // incremental plan of a 1% change must not pay for the lists a whole-table load edited
        // (10000x8 in the guest: 33 ms of a cold 0.1 s plan, session 7's A/B).
        table.publishEdits();
        return true;
    }

    /**
     * Re-reads the table after a failure and counts a failed change as applied when its effect is
     * there: an answer lost on the way back (or a batch cut short) must not be reported as failed
     * when the kernel did make the change. If the table cannot be read, the outcomes stay as reported.
     */
    private List<BatchResult.Outcome> verified(List<BatchResult.Outcome> outcomes) {
        TableModel table;
        try {
            table = TableModel.observed(observe());
        } catch (IpvsException e) {
            LOG.warn("could not read the table again after a failed batch, so its failures stand as reported: {}",
                    e.getMessage());
            return outcomes;
        }
        List<BatchResult.Outcome> out = new ArrayList<>(outcomes.size());
        for (BatchResult.Outcome o : outcomes) {
            out.add(o.succeeded() || !table.inEffect(o.change()) ? o : BatchResult.Outcome.applied(o.change()));
        }
        return out;
    }

    /**
     * Logs the drains that started and finished with this apply: one info line for each (naming the
     * first few real servers), one debug line per real server.
     *
     * @return whether any drain started or finished
     */
    private boolean logDrains(Map<Planner.ServerKey, Instant> wereDraining, List<Draining> draining,
            List<Change> applied) {
        List<Planner.ServerKey> started = new ArrayList<>();
        for (Draining d : draining) {
            Planner.ServerKey k = new Planner.ServerKey(d.service(), d.endpoint());
            if (!wereDraining.containsKey(k)) {
                started.add(k);
            }
        }
        Set<Planner.ServerKey> removed = new HashSet<>();
        Set<ServiceKey> removedServices = new HashSet<>();
        for (Change c : applied) {
            if (c.operation() == IpvsOperation.REMOVE_REAL_SERVER) {
                removed.add(new Planner.ServerKey(c.service(), c.realServer().orElseThrow()));
            } else if (c.operation() == IpvsOperation.REMOVE_SERVICE) {
                removedServices.add(c.service());
            }
        }
        List<Planner.ServerKey> finished = new ArrayList<>();
        List<Planner.ServerKey> stopped = new ArrayList<>();
        for (Planner.ServerKey k : wereDraining.keySet()) {
            if (!drainStarts.containsKey(k)) {
                (removed.contains(k) || removedServices.contains(k.service()) ? finished : stopped).add(k);
            }
        }
        logDrains("started draining", started);
        logDrains("finished draining and removed", finished);
        logDrains("stopped draining (desired again, or not removed)", stopped);
        return !started.isEmpty() || !finished.isEmpty() || !stopped.isEmpty();
    }

    private static void logDrains(String what, List<Planner.ServerKey> servers) {
        if (servers.isEmpty()) {
            return;
        }
        StringBuilder named = new StringBuilder();
        for (int i = 0; i < servers.size(); i++) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} {}", what, describe(servers.get(i)));
            }
            if (i < NAMED) {
                named.append(i == 0 ? "" : ", ").append(describe(servers.get(i)));
            }
        }
        if (servers.size() > NAMED) {
            named.append(" and ").append(servers.size() - NAMED).append(" more");
        }
        LOG.info("{} {} real servers: {}", what, servers.size(), named);
    }

    private static String describe(Planner.ServerKey k) {
        return k.service() + " -> " + Addresses.format(k.endpoint());
    }

    private List<Planner.Observed> observe() {
        List<VirtualService> services = new ArrayList<>();
        for (VirtualService s : ipvs.listServices()) { // the statistics are not needed
            if (owned.owns(s.key())) {
                services.add(s);
            }
        }
        Map<ServiceKey, List<RealServerStatus>> servers =
                ipvs.listRealServerStatus(services.stream().map(VirtualService::key).toList());
        List<Planner.Observed> observed = new ArrayList<>(services.size());
        for (VirtualService s : services) {
            observed.add(new Planner.Observed(s, servers.get(s.key())));
        }
        return observed;
    }

    /** Configures a {@link Reconciler}; each setter validates at once. */
    public static final class Builder {
        private final Ipvs ipvs;
        private ServiceSelector owned = ServiceSelector.all();
        private Duration drainTimeout;
        private Clock clock = Clock.systemUTC();
        private Duration resyncInterval;

        private Builder(Ipvs ipvs) {
            this.ipvs = Objects.requireNonNull(ipvs, "ipvs");
        }

        /**
         * Sets which services this reconciler owns (default: all).
         *
         * @param selector the owned services
         * @return this builder
         * @throws NullPointerException if {@code selector} is null
         */
        public Builder owning(ServiceSelector selector) {
            this.owned = Objects.requireNonNull(selector, "selector");
            return this;
        }

        /**
         * Drains leaving real servers: weight 0 first, removal once their active connections reach zero
         * or {@code timeout} has passed (checked on each apply). Without this, they are removed at once.
         *
         * @param timeout how long a leaving real server may drain at most
         * @return this builder
         * @throws NullPointerException if {@code timeout} is null
         * @throws InvalidConfigurationException if {@code timeout} is negative
         */
        public Builder gracefulDrain(Duration timeout) {
            this.drainTimeout = notNegative("drain timeout", timeout);
            return this;
        }

        /**
         * Keeps the owned table between applies instead of reading it whole each time: the reconciler
         * plans against the table as it last read it plus the changes the kernel confirmed since, so an
         * apply that changes little costs little more than its changes. It reads the whole owned table
         * again on the first plan, once {@code resyncInterval} has passed since the last whole read,
         * after any change that failed or whose answer was lost (or any exception from the transport),
         * and after {@link Reconciler#invalidate()}. Services with real servers that are draining, or
         * that leave the desired state while a {@linkplain #gracefulDrain(Duration) graceful drain} is
         * set, have their real servers read again on every plan, for their live connection counts.
         *
         * <p>The trade-off: a change made behind the reconciler's back (by ipvsadm, another program, or
         * a kernel restart of the namespace) is not seen, and not repaired, until the next whole read;
         * until then plans are made against the kept table, and a change that no longer fits the kernel
         * fails (reported as usual by {@link ApplyException}), which forces the whole read. Use it when
         * this reconciler is the only writer of its owned services. The default (not incremental) reads
         * everything on every plan.
         *
         * @param resyncInterval how long a whole read is trusted; zero reads it on every plan
         * @return this builder
         * @throws NullPointerException if {@code resyncInterval} is null
         * @throws InvalidConfigurationException if {@code resyncInterval} is negative
         */
        public Builder incremental(Duration resyncInterval) {
            this.resyncInterval = notNegative("resync interval", resyncInterval);
            return this;
        }

        private static Duration notNegative(String field, Duration value) {
            Objects.requireNonNull(value, field);
            if (value.isNegative()) {
                throw new InvalidConfigurationException(field, value, "zero or more");
            }
            return value;
        }

        /**
         * Sets the clock drain timeouts and the resync interval are measured with (default: the system clock).
         *
         * @param clock the clock, e.g. the fake kernel's
         * @return this builder
         * @throws NullPointerException if {@code clock} is null
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Returns the reconciler.
         *
         * @return the reconciler, configured as this builder is now
         */
        public Reconciler build() {
            return new Reconciler(this);
        }
    }
}
