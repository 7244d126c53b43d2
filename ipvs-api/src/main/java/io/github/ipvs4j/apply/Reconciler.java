package io.github.ipvs4j.apply;

import io.github.ipvs4j.BatchResult;
import io.github.ipvs4j.Change;
import io.github.ipvs4j.InvalidConfigurationException;
import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.IpvsConfig;
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
 * applied, what failed and what was not tried. A reconciler is safe for use by many threads; applies
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
            BatchResult result = ipvs.submit(phase);
            for (BatchResult.Outcome o : result.outcomes()) {
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
