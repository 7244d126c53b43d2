package io.github.ipvs4j.testkit.fidelity;

import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.rules.IpvsadmRules;
import java.util.List;
import java.util.Objects;

/**
 * A generated configuration and the traffic played against it: one TCP service with NAT real
 * servers, then connections opened (decisions), closed or held to the end, and real servers edited.
 *
 * @param seed the seed it was generated from ({@code -Dipvs4j.seed} replays it)
 * @param slot its place in the run (1..254): virtual address 192.0.2.slot and its own client ports
 * @param service the virtual service and its real servers, added in this order
 * @param steps what happens, in order
 */
record Scenario(long seed, int slot, ServiceConfig service, List<Step> steps) {

    Scenario {
        Objects.requireNonNull(service, "service");
        steps = List.copyOf(steps);
    }

    /** The service's key. */
    ServiceKey key() {
        return service.service().key();
    }

    /** The configuration as {@code ipvsadm -Sn} prints it, with thresholds ({@code -x}, {@code -y}). */
    String rules() {
        return IpvsadmRules.formatWithThresholds(IpvsConfig.of(service));
    }

    /** The system properties that replay this scenario. */
    String replay() {
        return "-Dipvs4j.seed=" + seed + " -Dipvs4j.fidelity.slot=" + slot;
    }

    /** How many connections the scenario opens. */
    long connections() {
        return steps.stream().filter(Step.Open.class::isInstance).count();
    }
}
