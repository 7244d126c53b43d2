package io.github.ipvs4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.Protocol;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.RealServerStatus;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.SchedulerFlag;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.testkit.gen.Gen;
import io.github.ipvs4j.testkit.gen.IpvsGenerators;
import io.github.ipvs4j.testkit.gen.PropertyRunner;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Properties of the schedulers over generated weights, traffic and closes. */
class SchedulingPropertyTest {
    private static final ServiceKey.Address KEY = ServiceKey.tcp("192.0.2.1", 80);

    /** A scenario: a scheduler, real servers with weights (newest last in the list) and a seed for traffic. */
    record Scenario(Scheduler scheduler, List<Integer> weights, List<Integer> upperThresholds, long seed) {
        FakeKernel build(SchedulerFlag... flags) {
            FakeKernel k = FakeKernel.create();
            k.createService(VirtualService.builder(KEY).scheduler(scheduler).schedulerFlags(flags).build());
            for (int i = 0; i < weights.size(); i++) {
                k.createRealServer(KEY, server(i, weights.get(i), upperThresholds.get(i)));
            }
            return k;
        }
    }

    static RealServer server(int i, int weight, int upper) {
        return RealServer.builder("198.51.100." + (11 + i), 80).weight(weight).upperThreshold(upper)
                .forwarding(ForwardingMethod.NAT).build();
    }

    static Gen<Scenario> scenarios(List<Scheduler> schedulers, int minWeight, boolean thresholds) {
        return r -> {
            int n = 1 + r.nextInt(6);
            List<Integer> w = new ArrayList<>();
            List<Integer> u = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                w.add(minWeight + r.nextInt(5 - minWeight));
                u.add(thresholds && r.nextBoolean() ? 1 + r.nextInt(6) : 0);
            }
            return new Scenario(schedulers.get(r.nextInt(schedulers.size())), w, u, r.nextLong());
        };
    }

    /** Random traffic: new connections, some closed, some time passing; returns the decisions. */
    static List<ConnectResult> traffic(FakeKernel k, long seed, int steps, Runnable afterEach) {
        SplittableRandom r = new SplittableRandom(seed);
        Gen<Client> clients = IpvsGenerators.clients(KEY);
        List<ConnectResult> open = new ArrayList<>();
        List<ConnectResult> out = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            int what = r.nextInt(10);
            if (what < 6 || open.isEmpty()) {
                ConnectResult c = k.connect(clients.generate(r));
                out.add(c);
                if (c.forwarded()) {
                    open.add(c);
                }
            } else if (what < 9) {
                k.disconnect(open.remove(r.nextInt(open.size())).handle());
            } else {
                k.advance(Duration.ofSeconds(r.nextInt(200)));
            }
            afterEach.run();
        }
        return out;
    }

    private static int index(InetSocketAddress a) {
        byte[] b = a.getAddress().getAddress();
        return (b[3] & 0xff) - 11;
    }

    @Test
    void rrVisitsEveryUsableServerOncePerCycle() {
        PropertyRunner.cases(300).forAll(scenarios(List.of(Scheduler.RR), 0, false), s -> {
            FakeKernel k = s.build();
            List<Integer> usable = new ArrayList<>();
            for (int i = s.weights().size() - 1; i >= 0; i--) { // kernel order: newest first
                if (s.weights().get(i) > 0) {
                    usable.add(i);
                }
            }
            List<ConnectResult> picks = new ArrayList<>();
            for (int i = 0; i < 3 * Math.max(1, usable.size()); i++) {
                picks.add(k.connect(Client.tcp("203.0.113.5", 1000 + i, "192.0.2.1", 80)));
            }
            for (int i = 0; i < picks.size(); i++) {
                if (usable.isEmpty()) {
                    assertThat(picks.get(i).forwarded()).isFalse();
                } else {
                    assertThat(index(picks.get(i).realServer().orElseThrow())).isEqualTo(usable.get(i % usable.size()));
                }
            }
        });
    }

    @Test
    void wrrGivesExactWeightSharesOverEveryFullCycle() {
        PropertyRunner.cases(300).forAll(scenarios(List.of(Scheduler.WRR), 0, false), s -> {
            FakeKernel k = s.build();
            int gcd = 0;
            int total = 0;
            for (int w : s.weights()) {
                if (w > 0) {
                    gcd = gcd == 0 ? w : java.math.BigInteger.valueOf(gcd).gcd(java.math.BigInteger.valueOf(w)).intValue();
                    total += w;
                }
            }
            if (total == 0) {
                assertThat(k.connect(Client.tcp("203.0.113.5", 1000, "192.0.2.1", 80)).forwarded()).isFalse();
                return;
            }
            int cycle = total / gcd;
            List<Integer> picks = new ArrayList<>();
            for (int i = 0; i < 3 * cycle; i++) {
                picks.add(index(k.connect(Client.tcp("203.0.113.5", 1000 + i, "192.0.2.1", 80)).realServer().orElseThrow()));
            }
            // The first pass may start mid-cycle, so every window of one cycle's length has exact shares.
            for (int start = 0; start + cycle <= picks.size(); start++) {
                Map<Integer, Integer> counts = new HashMap<>();
                for (int i = start; i < start + cycle; i++) {
                    counts.merge(picks.get(i), 1, Integer::sum);
                }
                for (int i = 0; i < s.weights().size(); i++) {
                    assertThat(counts.getOrDefault(i, 0)).as("server %d in window %d", i, start)
                            .isEqualTo(s.weights().get(i) / gcd);
                }
            }
        });
    }

    @Test
    void weightZeroNeverGetsANewConnection() {
        List<Scheduler> all = Scheduler.BUILT_IN;
        PropertyRunner.cases(300).forAll(scenarios(all, 0, true), s -> {
            FakeKernel k = s.build(SchedulerFlag.FALLBACK);
            for (ConnectResult c : traffic(k, s.seed(), 60, () -> { })) {
                c.realServer().ifPresent(rs -> assertThat(s.weights().get(index(rs))).as("%s", c).isPositive());
            }
        });
    }

    @Test
    void upperThresholdsAreNeverExceeded() {
        // Not lblc: like ip_vs_lblc.c, it keeps sending an address to its cached server without
        // looking at the overload flag (see lblcIgnoresTheOverloadFlagForItsCachedServer).
        List<Scheduler> respecting = Scheduler.BUILT_IN.stream().filter(x -> !x.equals(Scheduler.LBLC)).toList();
        PropertyRunner.cases(300).forAll(scenarios(respecting, 1, true), s -> {
            FakeKernel k = s.build();
            traffic(k, s.seed(), 80, () -> {
                for (RealServerStatus st : k.listRealServerStatus(KEY)) {
                    int upper = st.server().upperThreshold();
                    if (upper > 0) {
                        assertThat(st.activeConnections() + st.inactiveConnections()).isLessThanOrEqualTo(upper);
                    }
                }
            });
        });
    }

    @Test
    void hashingSchedulersSendAClientToTheSameServerWhileTheSetIsUnchanged() {
        PropertyRunner.cases(200).forAll(scenarios(List.of(Scheduler.SH, Scheduler.DH, Scheduler.MH), 1, false), s -> {
            FakeKernel k = s.build();
            SplittableRandom r = new SplittableRandom(s.seed());
            Gen<Client> clients = IpvsGenerators.clients(KEY);
            for (int i = 0; i < 40; i++) {
                Client c = clients.generate(r);
                ConnectResult first = k.connect(c);
                ConnectResult second = k.connect(c.withPort(c.port() == 65535 ? 1024 : c.port() + 1));
                assertThat(second.realServer()).isEqualTo(first.realServer());
            }
        });
    }

    @Test
    void mhMovesAboutOneNthOfClientsWhenOneOfNServersIsRemoved() {
        PropertyRunner.cases(20).forAll(Gen.ints(3, 8).map(n -> n), n -> {
            FakeKernel k = FakeKernel.create();
            k.createService(VirtualService.builder(KEY).scheduler(Scheduler.MH).build());
            for (int i = 0; i < n; i++) {
                k.createRealServer(KEY, server(i, 1, 0));
            }
            List<Client> clients = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                clients.add(Client.tcp("203.0.113." + (i % 256), 2000 + i, "192.0.2.1", 80)
                        .withPort(1024 + i));
            }
            Map<Client, InetSocketAddress> before = decisions(k, clients);
            k.removeRealServer(KEY, server(0, 1, 0).endpoint());
            Map<Client, InetSocketAddress> after = decisions(k, clients);
            long moved = clients.stream().filter(c -> !before.get(c).equals(after.get(c))).count();
            double fraction = moved / (double) clients.size();
            assertThat(fraction).isBetween(1.0 / n - 0.1, 1.0 / n + 0.1);
        });
    }

    private static Map<Client, InetSocketAddress> decisions(FakeKernel k, List<Client> clients) {
        Map<Client, InetSocketAddress> out = new HashMap<>();
        for (Client c : clients) {
            // mh without the port flag hashes the address only: a port-free probe per client address.
            out.put(c, k.connect(c.withPort(c.port())).realServer().orElseThrow());
            k.advance(Duration.ofSeconds(901)); // let every connection expire so the next probe schedules
        }
        return out;
    }

    @Test
    void leastConnectionSchedulersChooseALeastLoadedServerByTheirFormula() {
        List<Scheduler> lcs = List.of(Scheduler.LC, Scheduler.WLC, Scheduler.SED, Scheduler.NQ);
        PropertyRunner.cases(300).forAll(scenarios(lcs, 0, false), s -> {
            FakeKernel k = s.build();
            SplittableRandom r = new SplittableRandom(s.seed());
            Gen<Client> clients = IpvsGenerators.clients(KEY);
            List<ConnectResult> open = new ArrayList<>();
            for (int step = 0; step < 60; step++) {
                if (!open.isEmpty() && r.nextInt(3) == 0) {
                    k.disconnect(open.remove(r.nextInt(open.size())).handle());
                    continue;
                }
                List<RealServerStatus> before = k.listRealServerStatus(KEY);
                ConnectResult c = k.connect(clients.generate(r));
                if (!c.forwarded()) {
                    assertThat(before).allMatch(st -> st.server().weight() == 0);
                    continue;
                }
                open.add(c);
                RealServerStatus chosen = before.stream()
                        .filter(st -> st.server().endpoint().equals(c.realServer().get())).findFirst().orElseThrow();
                for (RealServerStatus other : before) {
                    if (other.server().weight() > 0) {
                        assertThat(better(s.scheduler(), other, chosen)).as("%s beats %s", other, chosen).isFalse();
                    }
                }
            }
        });
    }

    /** Whether {@code a} is strictly less loaded than {@code b} by the scheduler's own formula. */
    private static boolean better(Scheduler s, RealServerStatus a, RealServerStatus b) {
        long oa = a.activeConnections() * 256 + a.inactiveConnections();
        long ob = b.activeConnections() * 256 + b.inactiveConnections();
        long wa = a.server().weight();
        long wb = b.server().weight();
        switch (s.name()) {
            case "lc": return oa < ob;
            case "wlc": return oa * wb < ob * wa;
            case "sed": return (a.activeConnections() + 1) * wb < (b.activeConnections() + 1) * wa;
            default: // nq: an idle server beats a busy one; otherwise sed
                if (b.activeConnections() == 0) {
                    return false;
                }
                return a.activeConnections() == 0 || (a.activeConnections() + 1) * wb < (b.activeConnections() + 1) * wa;
        }
    }

    @Test
    void persistenceHoldsWithinItsTimeoutAndLetsGoAfter() {
        Gen<int[]> gen = r -> new int[] {10 + r.nextInt(600), 2 + r.nextInt(4), r.nextInt(9)};
        PropertyRunner.cases(200).forAll(gen, p -> {
            int timeout = p[0];
            FakeKernel k = FakeKernel.create();
            VirtualService svc = VirtualService.builder(KEY).scheduler(Scheduler.RR).persistence(timeout).build();
            k.createService(svc);
            for (int i = 0; i < p[1]; i++) {
                k.createRealServer(KEY, server(i, 1, 0));
            }
            Client client = Client.tcp("203.0.113.5", 40000, "192.0.2.1", 80);
            ConnectResult first = k.connect(client);
            k.disconnect(first.handle());
            for (int i = 0; i < p[2]; i++) {
                // Other clients move rr on; this client stays as long as its template lives.
                k.connect(Client.tcp("203.0.113." + (10 + i), 40000, "192.0.2.1", 80));
                k.advance(Duration.ofSeconds(timeout / 10));
                ConnectResult again = k.connect(client.withPort(41000 + i));
                assertThat(again.realServer()).isEqualTo(first.realServer());
                k.disconnect(again.handle());
            }
            // Past every connection's timeout and the template's: nothing persists any more.
            k.advance(Duration.ofSeconds(Math.max(timeout, 900) + 120));
            assertThat(k.listConnections()).isEmpty();
            assertThat(k.listRealServerStatus(KEY)).allMatch(st -> st.persistentConnections() == 0);
        });
    }

    @Test
    void everyConnectionIsCountedOnceAndExpiresEventually() {
        PropertyRunner.cases(200).forAll(scenarios(Scheduler.BUILT_IN, 0, true), s -> {
            FakeKernel k = s.build();
            List<ConnectResult> results = traffic(k, s.seed(), 60, () -> { });
            long forwarded = results.stream().filter(c -> c.outcome() == ConnectResult.Outcome.SCHEDULED).count();
            assertThat(k.getServiceStatus(KEY).orElseThrow().stats().connections()).isEqualTo(forwarded);
            assertThat(k.listRealServerStatus(KEY).stream().mapToLong(st -> st.stats().connections()).sum())
                    .isEqualTo(forwarded);
            k.advance(Duration.ofHours(1));
            assertThat(k.listConnections()).isEmpty();
            assertThat(k.listRealServerStatus(KEY))
                    .allMatch(st -> st.activeConnections() == 0 && st.inactiveConnections() == 0);
            assertThat(Protocol.TCP).isEqualTo(KEY.protocol());
        });
    }
}
