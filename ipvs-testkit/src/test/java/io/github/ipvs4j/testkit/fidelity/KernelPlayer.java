package io.github.ipvs4j.testkit.fidelity;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.model.RealServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Plays a {@link Scenario} as real TCP connections through the guest's kernel. */
final class KernelPlayer {
    /** How long a real server's return waits after an abort (see {@link #settleAborts()}). */
    private static final long ABORT_SETTLE_MILLIS = 300;

    private final Ipvs ipvs;
    private final GuestNetwork network;
    private long lastAbort;

    /** What the real kernel did, when each step started and how long all took (milliseconds since configured). */
    record Trace(List<Decision> decisions, long[] stepMillis, long totalMillis, List<Step> steps) {
        /** {@code 150 steps in 3.2 s, slowest step 12 (40 ms), 3 refused}. */
        String summary() {
            int slowest = 0;
            long slowestMillis = 0;
            for (int i = 0; i < stepMillis.length; i++) {
                long end = i + 1 < stepMillis.length ? stepMillis[i + 1] : totalMillis;
                if (end - stepMillis[i] > slowestMillis) {
                    slowestMillis = end - stepMillis[i];
                    slowest = i;
                }
            }
            long refused = decisions.stream().filter(d -> d.realServer().isEmpty()).count();
            return String.format("%d steps in %.1f s, slowest step %d (%s: %d ms), %d of %d connections refused",
                    stepMillis.length, totalMillis / 1e3, slowest, steps.get(slowest), slowestMillis, refused,
                    decisions.size());
        }
    }

    KernelPlayer(Ipvs ipvs, GuestNetwork network) {
        this.ipvs = ipvs;
        this.network = network;
    }

    /**
     * Closes a connection: normally when its real server is in the service; the director would drop
     * the FIN otherwise (its real server was removed), so the client aborts it.
     */
    private void close(GuestNetwork.Connection c, Set<InetSocketAddress> present) throws IOException, InterruptedException {
        if (present.contains(c.realServer())) {
            network.close(c);
        } else {
            network.abort(c);
            lastAbort = System.nanoTime();
        }
    }

    /**
     * Before a real server comes back, lets the director see the RSTs of connections aborted just
     * before: the client's close returns once the RST is queued, and under load the director's softirq
     * may take it only later. Were the server back by then, the kernel would take the RST and count
     * the connection inactive, where the scenario (and the fake) has it dropped. Nothing in the table
     * shows a dropped packet, so this waits a fixed time instead of polling.
     */
    private void settleAborts() throws InterruptedException {
        long waited = (System.nanoTime() - lastAbort) / 1_000_000;
        if (lastAbort != 0 && waited < ABORT_SETTLE_MILLIS) {
            Thread.sleep(ABORT_SETTLE_MILLIS - waited);
        }
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
        Set<InetSocketAddress> present = new HashSet<>();
        try {
            for (RealServer rs : scenario.service().realServers()) {
                ipvs.createRealServer(scenario.key(), rs);
                present.add(rs.endpoint());
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
                        close(c, present);
                    }
                } else if (step instanceof Step.TableEdit edit) {
                    if (edit instanceof Step.Add) {
                        settleAborts();
                    }
                    edit.applyTo(ipvs, scenario.key(), present);
                }
            }
            return new Trace(decisions, stepMillis, (System.nanoTime() - start) / 1_000_000, scenario.steps());
        } finally {
            for (GuestNetwork.Connection c : open.values()) {
                close(c, present);
            }
            ipvs.removeService(scenario.key());
        }
    }
}
