package io.github.ipvs4j.testkit.fidelity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.testkit.FakeKernel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScenarioGeneratorTest {
    private static final InetAddress VIP = Addresses.parse("192.0.2.7");

    @Test
    void theSameSeedGivesTheSameScenario() {
        ScenarioGenerator g = new ScenarioGenerator(Scheduler.WLC, 7, 200);
        assertThat(g.generate(42)).isEqualTo(g.generate(42));
        assertThat(g.generate(42)).isNotEqualTo(g.generate(43));
        assertThat(g.generate(42).seed()).isEqualTo(42);
    }

    @Test
    void scenariosArePlayableByRealTrafficInTheGuestNetwork() {
        long base = new SplittableRandom().nextLong();
        System.out.println("ScenarioGeneratorTest base seed " + base);
        SplittableRandom seeds = new SplittableRandom(base);
        for (Scheduler scheduler : FakeKernel.DEBIAN_6_1_SCHEDULERS) {
            for (int n = 0; n < 20; n++) {
                Scenario s = new ScenarioGenerator(scheduler, 7, 120).generate(seeds.nextLong());
                checkPlayable(scheduler, s);
            }
        }
    }

    private static void checkPlayable(Scheduler scheduler, Scenario s) {
        assertThat(s.steps()).hasSize(120);
        assertThat(s.service().service().scheduler()).isEqualTo(scheduler);
        assertThat(s.key().toString()).contains("192.0.2.7:80");
        Set<InetSocketAddress> endpoints = new HashSet<>();
        for (RealServer rs : s.service().realServers()) {
            checkRealServer(rs);
            endpoints.add(rs.endpoint());
        }
        assertThat(s.service().realServers()).isNotEmpty().hasSize(endpoints.size());
        s.service().service().persistence().ifPresent(p ->
                assertThat(p.timeoutSeconds()).isEqualTo(ScenarioGenerator.PERSISTENCE_SECONDS));

        Set<InetSocketAddress> present = new HashSet<>(endpoints);
        Set<Integer> open = new HashSet<>();
        Set<Integer> closed = new HashSet<>();
        Set<InetSocketAddress> sources = new HashSet<>();
        int next = 0;
        for (Step step : s.steps()) {
            if (step instanceof Step.Open o) {
                assertThat(o.connection()).as("connections are numbered in order").isEqualTo(next++);
                open.add(o.connection());
                assertThat(ScenarioGenerator.CLIENT_ADDRESSES).contains(o.client().address());
                assertThat(o.client().port()).isBetween(1024, 65535);
                assertThat((o.client().port() - 1024) % ScenarioGenerator.SLOTS).as("slot 7's ports").isEqualTo(6);
                assertThat(sources.add(new InetSocketAddress(o.client().address(), o.client().port())))
                        .as("each client address and port once: %s", o.client()).isTrue();
                assertThat(o.client().virtualAddress()).isEqualTo(VIP);
                assertThat(o.client().virtualPort()).isEqualTo(ScenarioGenerator.VIRTUAL_PORT);
            } else if (step instanceof Step.Close c) {
                assertThat(open.remove(c.connection())).as("closes an open connection: %s", c).isTrue();
                closed.add(c.connection());
            } else if (step instanceof Step.Edit e) {
                checkRealServer(e.realServer());
                assertThat(present).as("edits a real server of the service: %s", e).contains(e.realServer().endpoint());
            } else if (step instanceof Step.Remove rm) {
                assertThat(present.remove(rm.realServer())).as("removes a real server of the service: %s", rm).isTrue();
            } else if (step instanceof Step.Add add) {
                checkRealServer(add.realServer());
                assertThat(present.add(add.realServer().endpoint())).as("adds a new real server: %s", add).isTrue();
            }
        }
        assertThat(s.connections()).isEqualTo(next);
    }

    private static void checkRealServer(RealServer rs) {
        assertThat(rs.forwarding()).isEqualTo(ForwardingMethod.NAT);
        assertThat(ScenarioGenerator.REAL_SERVER_ADDRESSES).contains(rs.address());
        assertThat(ScenarioGenerator.REAL_SERVER_PORTS).contains(rs.port());
        assertThat(rs.weight()).isBetween(0, 5);
    }

    @Test
    void scenariosInDifferentSlotsNeverShareAClientEndpointOrVirtualAddress() {
        Set<InetSocketAddress> seen = new HashSet<>();
        Set<InetAddress> vips = new HashSet<>();
        for (int slot : new int[] {1, 2, 100, 253, 254}) {
            Scenario s = new ScenarioGenerator(Scheduler.SH, slot, 3000).generate(11);
            assertThat(s.slot()).isEqualTo(slot);
            assertThat(s.replay()).isEqualTo("-Dipvs4j.seed=11 -Dipvs4j.fidelity.slot=" + slot);
            assertThat(vips.add(s.steps().stream().filter(Step.Open.class::isInstance).map(Step.Open.class::cast)
                    .findFirst().orElseThrow().client().virtualAddress())).isTrue();
            for (Step step : s.steps()) {
                if (step instanceof Step.Open o) {
                    assertThat(o.client().port()).isBetween(1024, 65535);
                    assertThat(seen.add(new InetSocketAddress(o.client().address(), o.client().port()))).isTrue();
                }
            }
        }
        assertThatThrownBy(() -> new ScenarioGenerator(Scheduler.SH, 255, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScenarioGenerator(Scheduler.SH, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void trafficMixesOpensClosesHeldConnectionsEditsRemovalsAndAdditions() {
        Scenario s = new ScenarioGenerator(Scheduler.LC, 7, 2000).generate(7);
        long opens = s.connections();
        long closes = s.steps().stream().filter(Step.Close.class::isInstance).count();
        long edits = s.steps().stream().filter(Step.Edit.class::isInstance).count();
        assertThat(opens).isBetween(1000L, 1400L);
        assertThat(closes).isBetween(500L, opens - 100); // some connections stay open to the end
        assertThat(edits).isPositive();
        assertThat(s.steps()).anySatisfy(step -> assertThat(step).isInstanceOf(Step.Remove.class));
        // Some additions bring back a real server removed before.
        Set<InetSocketAddress> gone = new HashSet<>();
        boolean back = false;
        for (Step step : s.steps()) {
            if (step instanceof Step.Remove rm) {
                gone.add(rm.realServer());
            } else if (step instanceof Step.Add add) {
                back |= gone.contains(add.realServer().endpoint());
            }
        }
        assertThat(back).isTrue();
    }

    @Test
    void rulesPrintTheConfigurationAsIpvsadm() {
        Scenario s = new ScenarioGenerator(Scheduler.WRR, 7, 10).generate(1);
        assertThat(s.rules()).startsWith("-A -t 192.0.2.7:80 -s wrr").contains("-a -t 192.0.2.7:80 -r 198.51.100.");
    }
}
