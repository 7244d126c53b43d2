package io.github.ipvs4j.apply;

import io.github.ipvs4j.BatchResult;
import io.github.ipvs4j.Change;
import io.github.ipvs4j.InvalidConfigurationException;
import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.IpvsConfig;
import io.github.ipvs4j.IpvsException;
import io.github.ipvs4j.RealServer;
import io.github.ipvs4j.RealServerStatus;
import io.github.ipvs4j.ServiceKey;
import io.github.ipvs4j.VirtualServiceStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 * reconciler is safe for use by many threads; applies
 * are serialised.
 */
public final class Reconciler {
    private final Ipvs ipvs;
    private final ServiceSelector owned;
    private final Duration drainTimeout;
    private final Clock clock;
    private final Map<Planner.ServerKey, Instant> drainStarts = new HashMap<>();

    private Reconciler(Builder b) {
        this.ipvs = b.ipvs;
        this.owned = b.owned;
        this.drainTimeout = b.drainTimeout;
        this.clock = b.clock;
    }

    /** Starts a reconciler for the given handle. Defaults: owns every service, no drain. */
    public static Builder builder(Ipvs ipvs) {
        return new Builder(ipvs);
    }

    /** Computes the plan from the current table to {@code desired}, without changing anything. */
    public synchronized Plan plan(IpvsConfig desired) {
        Objects.requireNonNull(desired, "desired");
        return Planner.plan(observe(), desired, owned, drainTimeout, clock.instant(), drainStarts);
    }

    /**
     * Plans and executes.
     *
     * @return what was done; {@link ApplyResult#draining()} lists servers still draining
     * @throws ApplyException if a change failed, listing what was applied, failed and not tried
     */
    public synchronized ApplyResult apply(IpvsConfig desired) {
        return execute(plan(desired));
    }

    /**
     * Executes a plan made by {@link #plan(IpvsConfig)}, phase by phase, one batch per phase.
     *
     * @throws ApplyException if a change failed
     */
    public synchronized ApplyResult execute(Plan plan) {
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
            try {
                outcomes = ipvs.submit(phase).outcomes();
            } catch (IpvsException e) {
                // The transport failed part-way (e.g. its socket broke): no change of the batch is
                // confirmed; reading the table below tells which took effect.
                outcomes = new ArrayList<>(phase.size());
                for (Change c : phase) {
                    outcomes.add(new BatchResult.Outcome(c, e));
                }
            }
            if (outcomes.stream().anyMatch(o -> !o.succeeded())) {
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
        drainStarts.clear();
        for (Draining d : plan.draining()) {
            drainStarts.put(new Planner.ServerKey(d.service(), d.endpoint()), d.since());
        }
        ApplyResult result = new ApplyResult(applied, failed, notTried, plan.draining());
        if (!result.succeeded()) {
            throw new ApplyException(result);
        }
        return result;
    }

    /**
     * Re-reads the table after a failure and counts a failed change as applied when its effect is
     * there: an answer lost on the way back (or a batch cut short) must not be reported as failed
     * when the kernel did make the change. If the table cannot be read, the outcomes stay as reported.
     */
    private List<BatchResult.Outcome> verified(List<BatchResult.Outcome> outcomes) {
        Map<ServiceKey, Planner.Observed> table = new HashMap<>();
        try {
            for (Planner.Observed o : observe()) {
                table.put(o.service().key(), o);
            }
        } catch (IpvsException e) {
            return outcomes;
        }
        List<BatchResult.Outcome> out = new ArrayList<>(outcomes.size());
        for (BatchResult.Outcome o : outcomes) {
            out.add(o.succeeded() || !inEffect(o.change(), table) ? o : new BatchResult.Outcome(o.change(), null));
        }
        return out;
    }

    /** True if the table shows the change's effect. */
    private static boolean inEffect(Change change, Map<ServiceKey, Planner.Observed> table) {
        Planner.Observed service = table.get(change.service());
        if (change instanceof Change.CreateService c) {
            return service != null && service.service().equals(c.definition());
        } else if (change instanceof Change.UpdateService c) {
            return service != null && service.service().equals(c.definition());
        } else if (change instanceof Change.DeleteService) {
            return service == null;
        }
        RealServer present = null;
        if (service != null) {
            for (RealServerStatus rs : service.realServers()) {
                if (rs.server().endpoint().equals(change.realServer())) {
                    present = rs.server();
                }
            }
        }
        if (change instanceof Change.AddRealServer c) {
            return c.server().equals(present);
        } else if (change instanceof Change.UpdateRealServer c) {
            return c.server().equals(present);
        }
        return present == null; // RemoveRealServer
    }

    private List<Planner.Observed> observe() {
        List<Planner.Observed> observed = new ArrayList<>();
        for (VirtualServiceStatus s : ipvs.listServiceStatus()) {
            if (owned.owns(s.service().key())) {
                observed.add(new Planner.Observed(s.service(), ipvs.listRealServerStatus(s.service().key())));
            }
        }
        return observed;
    }

    /** Configures a {@link Reconciler}; each setter validates at once. */
    public static final class Builder {
        private final Ipvs ipvs;
        private ServiceSelector owned = ServiceSelector.all();
        private Duration drainTimeout;
        private Clock clock = Clock.systemUTC();

        private Builder(Ipvs ipvs) {
            this.ipvs = Objects.requireNonNull(ipvs, "ipvs");
        }

        /** Sets which services this reconciler owns (default: all). */
        public Builder owning(ServiceSelector selector) {
            this.owned = Objects.requireNonNull(selector, "selector");
            return this;
        }

        /**
         * Drains leaving real servers: weight 0 first, removal once their active connections reach zero
         * or {@code timeout} has passed (checked on each apply). Without this, they are removed at once.
         */
        public Builder gracefulDrain(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new InvalidConfigurationException("drain timeout", timeout, "zero or more");
            }
            this.drainTimeout = timeout;
            return this;
        }

        /** Sets the clock drain timeouts are measured with (default: the system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Returns the reconciler. */
        public Reconciler build() {
            return new Reconciler(this);
        }
    }
}
