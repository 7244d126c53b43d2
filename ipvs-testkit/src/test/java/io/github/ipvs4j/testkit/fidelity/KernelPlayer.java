package io.github.ipvs4j.testkit.fidelity;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.RealServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Plays a {@link Scenario} as real TCP connections through the guest's kernel. */
final class KernelPlayer {
    private final Ipvs ipvs;
    private final GuestNetwork network;

    /** What the real kernel did, and when each step happened. */
    record Trace(List<Decision> decisions, long[] stepMillis) {
    }

    KernelPlayer(Ipvs ipvs, GuestNetwork network) {
        this.ipvs = ipvs;
        this.network = network;
    }

    /**
     * Configures the service, plays the steps one after another, then closes the connections still
     * held and deletes the service (its real servers linger in the kernel's trash, which a later
     * scenario never meets: each has its own virtual address).
     */
    Trace play(Scenario scenario) throws IOException, InterruptedException {
        ipvs.createService(scenario.service().service());
        List<Decision> decisions = new ArrayList<>();
        long[] stepMillis = new long[scenario.steps().size()];
        Map<Integer, GuestNetwork.Connection> open = new HashMap<>();
        try {
            for (RealServer rs : scenario.service().realServers()) {
                ipvs.addRealServer(scenario.key(), rs);
            }
            long start = System.nanoTime();
            for (int i = 0; i < scenario.steps().size(); i++) {
                stepMillis[i] = (System.nanoTime() - start) / 1_000_000;
                Step step = scenario.steps().get(i);
                if (step instanceof Step.Open o) {
                    String counters = Counters.format(ipvs.listRealServerStatus(scenario.key()));
                    Optional<GuestNetwork.Connection> c = network.open(o.client());
                    c.ifPresent(conn -> open.put(o.connection(), conn));
                    Optional<InetSocketAddress> to = c.map(GuestNetwork.Connection::realServer);
                    decisions.add(new Decision(i, o.client(), to, counters));
                } else if (step instanceof Step.Close close) {
                    GuestNetwork.Connection c = open.remove(close.connection());
                    if (c != null) {
                        network.close(c);
                    }
                } else if (step instanceof Step.Edit edit) {
                    ipvs.updateRealServer(scenario.key(), edit.realServer());
                }
            }
            return new Trace(decisions, stepMillis);
        } finally {
            for (GuestNetwork.Connection c : open.values()) {
                network.close(c);
            }
            ipvs.deleteService(scenario.key());
        }
    }
}
