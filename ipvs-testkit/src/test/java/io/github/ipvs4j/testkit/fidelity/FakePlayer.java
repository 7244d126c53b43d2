package io.github.ipvs4j.testkit.fidelity;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.testkit.ConnectResult;
import io.github.ipvs4j.testkit.ConnectionHandle;
import io.github.ipvs4j.testkit.FakeKernel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Plays a {@link Scenario} through a fresh fake kernel like Debian's 6.1 one. */
final class FakePlayer {
    private FakePlayer() {
    }

    /**
     * Plays the scenario, moving the fake clock to when the real kernel saw each step.
     *
     * @param stepMillis for each step, milliseconds since the service was configured
     * @return the decisions, one per {@link Step.Open}
     */
    static List<Decision> play(Scenario scenario, long[] stepMillis) {
        if (stepMillis.length != scenario.steps().size()) {
            throw new IllegalArgumentException(stepMillis.length + " step times for " + scenario.steps().size() + " steps");
        }
        FakeKernel kernel = FakeKernel.builder().debian61().build();
        List<Decision> decisions = new ArrayList<>();
        Map<Integer, ConnectionHandle> handles = new HashMap<>();
        Map<Integer, InetSocketAddress> realServerOf = new HashMap<>();
        Set<InetSocketAddress> present = new HashSet<>();
        try (Ipvs ipvs = Ipvs.using(kernel)) {
            ipvs.createService(scenario.service().service());
            for (RealServer rs : scenario.service().realServers()) {
                ipvs.createRealServer(scenario.key(), rs);
                present.add(rs.endpoint());
            }
            for (int i = 0; i < scenario.steps().size(); i++) {
                long wait = stepMillis[i] - kernel.elapsed().toMillis();
                if (wait > 0) {
                    kernel.advance(Duration.ofMillis(wait));
                }
                Step step = scenario.steps().get(i);
                if (step instanceof Step.Open open) {
                    String counters = Counters.format(ipvs.listRealServerStatus(scenario.key()));
                    ConnectResult r = kernel.connect(open.client());
                    handles.put(open.connection(), r.handle());
                    r.realServer().ifPresent(rs -> realServerOf.put(open.connection(), rs));
                    decisions.add(new Decision(i, open.client(), r.realServer(), counters));
                } else if (step instanceof Step.Close close) {
                    ConnectionHandle h = handles.remove(close.connection());
                    InetSocketAddress rs = realServerOf.remove(close.connection());
                    // The kernel drops the FIN of a connection whose real server was removed.
                    if (h != null && h.id() != 0 && present.contains(rs)) {
                        kernel.disconnect(h);
                    }
                } else if (step instanceof Step.TableEdit edit) {
                    edit.applyTo(ipvs, scenario.key(), present);
                }
            }
        }
        return decisions;
    }
}
