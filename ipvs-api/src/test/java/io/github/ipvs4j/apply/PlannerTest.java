package io.github.ipvs4j.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ipvs4j.model.Change;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.InvalidConfigurationException;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.RealServerStatus;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.Stats;
import io.github.ipvs4j.model.VirtualService;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static final VirtualService WEB = VirtualService.builder(ServiceKey.tcp("192.0.2.100", 80))
            .scheduler(Scheduler.WRR).build();
    private static final RealServer RS1 = RealServer.builder("192.0.2.11", 80).weight(1).build();
    private static final RealServer RS2 = RealServer.builder("192.0.2.12", 80).weight(2).build();

    /** A tiny table that applies changes as the kernel would (newest real server first). */
    private static final class Table {
        final TableModel model = new TableModel();
        final Map<InetSocketAddress, Long> active = new HashMap<>();

        Table(IpvsConfig config) {
            for (ServiceConfig s : config.services()) {
                apply(new Change.CreateService(s.service()));
                for (RealServer rs : s.realServers()) {
                    apply(new Change.CreateRealServer(s.service().key(), rs));
                }
            }
        }

        List<Planner.Observed> observe() {
            List<Planner.Observed> out = new ArrayList<>();
            for (ServiceConfig s : model.toConfig().services()) {
                List<RealServerStatus> st = new ArrayList<>();
                for (RealServer rs : s.realServers()) {
                    st.add(new RealServerStatus(rs, active.getOrDefault(rs.endpoint(), 0L), 0, 0, Stats.ZERO));
                }
                out.add(new Planner.Observed(s.service(), st));
            }
            return out;
        }

        void apply(Change c) {
            assertThat(model.apply(c)).as("errno of %s", c).isZero();
        }

        /** The table as a config: services in insertion order, real servers oldest first. */
        Map<ServiceKey, Map<InetSocketAddress, RealServer>> content() {
            Map<ServiceKey, Map<InetSocketAddress, RealServer>> out = new HashMap<>();
            for (ServiceConfig s : model.toConfig().services()) {
                Map<InetSocketAddress, RealServer> m = new HashMap<>();
                s.realServers().forEach(r -> m.put(r.endpoint(), r));
                out.put(s.service().key(), m);
            }
            return out;
        }
    }

    private static Plan plan(Table t, IpvsConfig desired) {
        return Planner.plan(t.observe(), desired, ServiceSelector.all(), null, T0, Map.of());
    }

    @Test
    void createsServiceAndServersInOrder() {
        Plan p = plan(new Table(IpvsConfig.EMPTY), IpvsConfig.of(ServiceConfig.of(WEB, RS1, RS2)));
        assertThat(p.changes()).containsExactly(new Change.CreateService(WEB),
                new Change.CreateRealServer(WEB.key(), RS1), new Change.CreateRealServer(WEB.key(), RS2));
    }

    @Test
    void sameStateTwiceSendsNothing() {
        IpvsConfig desired = IpvsConfig.of(ServiceConfig.of(WEB, RS1, RS2));
        assertThat(plan(new Table(desired), desired).changes()).isEmpty();
    }

    @Test
    void editsInPlaceNeverRecreates() {
        Table t = new Table(IpvsConfig.of(ServiceConfig.of(WEB, RS1, RS2)));
        VirtualService sticky = WEB.toBuilder().scheduler(Scheduler.SH).persistence(600).build();
        RealServer rs1Nat = RS1.toBuilder().forwarding(ForwardingMethod.NAT).weight(5).thresholds(10, 100).build();
        Plan p = plan(t, IpvsConfig.of(ServiceConfig.of(sticky, rs1Nat, RS2)));
        assertThat(p.changes()).containsExactly(new Change.UpdateService(sticky),
                new Change.UpdateRealServer(WEB.key(), rs1Nat));
    }

    @Test
    void leavesServicesItDoesNotOwn() {
        VirtualService theirs = VirtualService.builder(ServiceKey.tcp("203.0.113.5", 443)).build();
        Table t = new Table(IpvsConfig.of(ServiceConfig.of(theirs, RS1)));
        Plan p = Planner.plan(t.observe(), IpvsConfig.of(ServiceConfig.of(WEB)),
                ServiceSelector.network("192.0.2.0/24"), null, T0, Map.of());
        assertThat(p.changes()).containsExactly(new Change.CreateService(WEB));
    }

    @Test
    void rejectsDesiredServiceOutsideOwnership() {
        assertThatThrownBy(() -> Planner.plan(List.of(), IpvsConfig.of(ServiceConfig.of(WEB)),
                ServiceSelector.ports(443, 443), null, T0, Map.of()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("desired service").hasMessageContaining("TCP 192.0.2.100:80");
    }

    @Test
    void drainsToWeightZeroThenRemovesWhenIdleOrTimedOut() {
        Table t = new Table(IpvsConfig.of(ServiceConfig.of(WEB, RS1, RS2)));
        t.active.put(RS2.endpoint(), 3L);
        IpvsConfig desired = IpvsConfig.of(ServiceConfig.of(WEB, RS1));
        Duration timeout = Duration.ofMinutes(5);

        Plan first = Planner.plan(t.observe(), desired, ServiceSelector.all(), timeout, T0, Map.of());
        RealServer drained = RS2.toBuilder().weight(0).build();
        assertThat(first.changes()).containsExactly(new Change.UpdateRealServer(WEB.key(), drained));
        assertThat(first.draining()).singleElement().satisfies(d -> {
            assertThat(d.endpoint()).isEqualTo(RS2.endpoint());
            assertThat(d.since()).isEqualTo(T0);
        });
        first.changes().forEach(t::apply);
        Map<Planner.ServerKey, Instant> starts = Map.of(new Planner.ServerKey(WEB.key(), RS2.endpoint()), T0);

        // Still busy, within the timeout: nothing to send.
        Plan waiting = Planner.plan(t.observe(), desired, ServiceSelector.all(), timeout, T0.plusSeconds(60), starts);
        assertThat(waiting.changes()).isEmpty();
        assertThat(waiting.draining()).hasSize(1);

        // Timed out: removed even though busy.
        Plan late = Planner.plan(t.observe(), desired, ServiceSelector.all(), timeout, T0.plus(timeout), starts);
        assertThat(late.changes()).containsExactly(new Change.RemoveRealServer(WEB.key(), RS2.endpoint()));

        // Idle: removed at once.
        t.active.put(RS2.endpoint(), 0L);
        Plan idle = Planner.plan(t.observe(), desired, ServiceSelector.all(), timeout, T0.plusSeconds(61), starts);
        assertThat(idle.changes()).containsExactly(new Change.RemoveRealServer(WEB.key(), RS2.endpoint()));
    }

    @Test
    void serverComingBackDuringDrainGetsItsWeightBack() {
        Table t = new Table(IpvsConfig.of(ServiceConfig.of(WEB, RS1, RS2.toBuilder().weight(0).build())));
        t.active.put(RS2.endpoint(), 3L);
        Map<Planner.ServerKey, Instant> starts = Map.of(new Planner.ServerKey(WEB.key(), RS2.endpoint()), T0);
        Plan p = Planner.plan(t.observe(), IpvsConfig.of(ServiceConfig.of(WEB, RS1, RS2)), ServiceSelector.all(),
                Duration.ofMinutes(5), T0.plusSeconds(10), starts);
        assertThat(p.changes()).containsExactly(new Change.UpdateRealServer(WEB.key(), RS2));
        assertThat(p.draining()).isEmpty();
    }

    /** Generated (current, desired) pairs converge in one plan, with exactly the differing objects changed. */
    @Test
    void generatedStatesConvergeWithMinimalChanges() {
        long seed = Long.getLong("ipvs4j.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < 500; round++) {
            IpvsConfig current = randomConfig(random);
            IpvsConfig desired = randomConfig(random);
            Table t = new Table(current);
            Plan p = plan(t, desired);
            String where = "seed " + seed + " (replay with -Dipvs4j.seed=" + seed + "), round " + round;
            assertThat(p.size()).as(where).isEqualTo(expectedChanges(current, desired));
            p.changes().forEach(t::apply);
            assertThat(t.content()).as(where).isEqualTo(new Table(desired).content());
            assertThat(plan(t, desired).changes()).as(where).isEmpty();
        }
    }

    /** Counted independently of the planner: one change per differing service or real server. */
    private static int expectedChanges(IpvsConfig current, IpvsConfig desired) {
        int n = 0;
        for (ServiceConfig want : desired.services()) {
            ServiceConfig have = current.find(want.service().key()).orElse(null);
            if (have == null) {
                n += 1 + want.realServers().size();
                continue;
            }
            n += have.service().equals(want.service()) ? 0 : 1;
            for (RealServer rs : want.realServers()) {
                n += have.realServers().contains(rs) ? 0 : 1;
            }
            for (RealServer rs : have.realServers()) {
                n += want.realServers().stream().anyMatch(w -> w.endpoint().equals(rs.endpoint())) ? 0 : 1;
            }
        }
        for (ServiceConfig have : current.services()) {
            n += desired.find(have.service().key()).isPresent() ? 0 : 1;
        }
        return n;
    }

    private static IpvsConfig randomConfig(SplittableRandom r) {
        List<ServiceConfig> services = new ArrayList<>();
        int count = r.nextInt(5);
        List<Integer> ports = new ArrayList<>(List.of(80, 81, 443, 8080, 8443));
        for (int i = 0; i < count; i++) {
            int port = ports.remove(r.nextInt(ports.size()));
            VirtualService.Builder b = VirtualService.builder(ServiceKey.tcp("192.0.2.100", port))
                    .scheduler(r.nextBoolean() ? Scheduler.WRR : Scheduler.RR);
            if (r.nextInt(4) == 0) {
                b.persistence(60 + r.nextInt(3));
            }
            List<RealServer> servers = new ArrayList<>();
            List<Integer> hosts = new ArrayList<>(List.of(11, 12, 13, 14, 15));
            int n = r.nextInt(5);
            for (int j = 0; j < n; j++) {
                int host = hosts.remove(r.nextInt(hosts.size()));
                servers.add(RealServer.builder("192.0.2." + host, port).weight(r.nextInt(3))
                        .forwarding(r.nextBoolean() ? ForwardingMethod.DR : ForwardingMethod.NAT).build());
            }
            services.add(new ServiceConfig(b.build(), servers));
        }
        return new IpvsConfig(services);
    }
}
