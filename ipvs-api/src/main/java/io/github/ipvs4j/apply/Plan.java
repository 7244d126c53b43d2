package io.github.ipvs4j.apply;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.Change;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.spi.KernelErrors;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The changes that make the kernel's table match a desired state, in the order they are applied:
 * services created and edited, then real servers added and edited (including drains to weight 0),
 * then real servers removed, then services deleted. Edits are made in place, never by deleting and
 * recreating.
 *
 * @param changes the changes, in order
 * @param draining real servers held at weight 0 that are not yet removable
 */
public record Plan(List<Change> changes, List<Draining> draining) {
    /**
     * Freezes the lists.
     *
     * @param changes the changes, in order; copied
     * @param draining real servers held at weight 0 that are not yet removable; copied
     * @throws NullPointerException if a list is null or holds a null
     */
    public Plan {
        changes = List.copyOf(changes);
        draining = List.copyOf(draining);
    }

    /**
     * Whether there is nothing to change.
     *
     * @return true if the plan has no changes (real servers may still be draining)
     */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /**
     * The number of changes.
     *
     * @return the size of {@link #changes()}
     */
    public int size() {
        return changes.size();
    }

    /** Phase of a change in application order: 0 services, 1 real servers, 2 removals, 3 deletions. */
    static int phase(Change change) {
        return change.accept(PHASE);
    }

    private static final Change.Visitor<Integer> PHASE = new Change.Visitor<>() {
        @Override
        public Integer createService(VirtualService service) {
            return 0;
        }

        @Override
        public Integer updateService(VirtualService service) {
            return 0;
        }

        @Override
        public Integer removeService(ServiceKey service) {
            return 3;
        }

        @Override
        public Integer createRealServer(ServiceKey service, RealServer server) {
            return 1;
        }

        @Override
        public Integer updateRealServer(ServiceKey service, RealServer server) {
            return 1;
        }

        @Override
        public Integer removeRealServer(ServiceKey service, InetSocketAddress endpoint) {
            return 2;
        }
    };

    /**
     * Returns the plan one line per change, in order, then one line per draining real server, e.g.
     * <pre>
     * plan of 2 changes
     *   create service TCP 192.0.2.1:80
     *   create real server TCP 192.0.2.1:80 -&gt; 192.0.2.11:80
     *   draining TCP 192.0.2.1:80 -&gt; 192.0.2.12:80: 3 active connections since 2024-01-01T00:00:00Z
     * </pre>
     *
     * @return the readable plan
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(changes.isEmpty() ? "plan of no changes"
                : "plan of " + changes.size() + (changes.size() == 1 ? " change" : " changes"));
        for (Change c : changes) {
            sb.append("\n  ").append(KernelErrors.describe(c.operation(), c.service(), c.realServer().orElse(null)));
        }
        for (Draining d : draining) {
            sb.append("\n  draining ").append(d.service()).append(" -> ")
                    .append(Addresses.format(d.endpoint())).append(": ")
                    .append(d.activeConnections()).append(" active connections since ").append(d.since());
        }
        return sb.toString();
    }
}
