package io.github.ipvs4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.Protocol;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.RealServerStatus;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.SchedulerFlag;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualService;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each scheduler against decisions worked out by hand from the kernel's modules. */
class SchedulerExamplesTest {
    private static final String VIP = "192.0.2.1";

    private final FakeKernel kernel = FakeKernel.create();
    private final Ipvs ipvs = Ipvs.using(kernel);
    private int clientPort = 40000;
    /** The connection made by the last {@link #connect(String)}. */
    private ConnectionHandle lastHandle;

    private ServiceKey service(Scheduler scheduler, SchedulerFlag... flags) {
        VirtualService s = VirtualService.builder(ServiceKey.tcp(VIP, 80)).scheduler(scheduler).schedulerFlags(flags)
                .build();
        ipvs.createService(s);
        return s.key();
    }

    private void add(ServiceKey key, String name, int weight) {
        ipvs.createRealServer(key, rs(name, weight));
    }

    private static RealServer rs(String name, int weight) {
        return RealServer.builder("198.51.100.1" + name.charAt(2), 80).weight(weight).forwarding(ForwardingMethod.NAT)
                .build();
    }

    private static String name(InetSocketAddress a) {
        String ip = a.getAddress().getHostAddress();
        return "rs" + ip.charAt(ip.length() - 1);
    }

    /** A new connection from a fresh port of one client, held open. */
    private String connect(String client) {
        ConnectResult r = kernel.connect(Client.tcp(client, clientPort++, VIP, 80));
        lastHandle = r.handle();
        return r.realServer().map(SchedulerExamplesTest::name).orElse("none");
    }

    private String connect() {
        return connect("203.0.113.5");
    }

    private List<String> connect(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(connect());
        }
        return out;
    }

    @Test
    void wrrReproducesTheRealKernelSequence() {
        // Seen in the Debian 6.1 guest: NAT, rs1 weight 1 added first, rs2 weight 2 second.
        ServiceKey key = service(Scheduler.WRR);
        add(key, "rs1", 1);
        add(key, "rs2", 2);
        assertThat(connect(6)).containsExactly("rs2", "rs1", "rs2", "rs2", "rs1", "rs2");
    }

    @Test
    void wrrWithGcdStepsThroughWeightLevels() {
        // Weights 4, 2 (gcd 2): mw = 4 - 1 = 3; cw passes 3 then 1: rs1 alone, then both.
        ServiceKey key = service(Scheduler.WRR);
        add(key, "rs1", 4);
        add(key, "rs2", 2);
        assertThat(connect(6)).containsExactly("rs2", "rs1", "rs1", "rs2", "rs1", "rs1");
    }

    @Test
    void rrStartsAtTheNewestAndStepsBackOnRemoval() {
        ServiceKey key = service(Scheduler.RR);
        add(key, "rs1", 1);
        add(key, "rs2", 1);
        add(key, "rs3", 1);
        assertThat(connect(2)).containsExactly("rs3", "rs2");
        // Removing the last chosen one moves the cursor to its predecessor, rs3: rs1 comes next.
        ipvs.removeRealServer(key, rs("rs2", 1).endpoint());
        assertThat(connect(3)).containsExactly("rs1", "rs3", "rs1");
    }

    @Test
    void rrSkipsWeightZero() {
        ServiceKey key = service(Scheduler.RR);
        add(key, "rs1", 1);
        add(key, "rs2", 0);
        add(key, "rs3", 1);
        assertThat(connect(4)).containsExactly("rs3", "rs1", "rs3", "rs1");
    }

    @Test
    void lcCountsInactiveConnectionsAtOne256th() {
        ServiceKey key = service(Scheduler.LC);
        add(key, "rs1", 1);
        add(key, "rs2", 1);
        assertThat(connect()).isEqualTo("rs2"); // tie: the first in the list
        assertThat(connect()).isEqualTo("rs1");
        // Close rs1's connection: it becomes inactive, overhead 1 against rs2's 256.
        kernel.disconnect(lastHandle);
        assertThat(connect()).isEqualTo("rs1");
    }

    @Test
    void wlcWeighsOverheadByWeightAndSedIgnoresInactive() {
        ServiceKey key = service(Scheduler.WLC);
        add(key, "rs1", 3);
        add(key, "rs2", 1);
        // wlc: rs2 (0/1) ties rs1 (0/3) and comes first; then rs1 until 256*k/3 exceeds 256.
        assertThat(connect(5)).containsExactly("rs2", "rs1", "rs1", "rs1", "rs2");
    }

    @Test
    void sedPrefersTheHeavierServerEvenWhenBusy() {
        ServiceKey key = service(Scheduler.SED);
        add(key, "rs1", 1);
        add(key, "rs2", 3);
        // (active+1)/weight: rs2 1/3, 2/3, 3/3 beat rs1's 1/1 (a tie goes to the first seen, rs2).
        assertThat(connect(4)).containsExactly("rs2", "rs2", "rs2", "rs1");
    }

    @Test
    void nqTakesAnIdleServerFirst() {
        ServiceKey key = service(Scheduler.NQ);
        add(key, "rs1", 1);
        add(key, "rs2", 3);
        // rs2 is idle first, then rs1 is idle, then sed's formula: rs2 2/3, 3/3, rs1 2/1...
        assertThat(connect(4)).containsExactly("rs2", "rs1", "rs2", "rs2");
    }

    @Test
    void foTakesTheHighestWeightAndFailsOverOnOverload() {
        ServiceKey key = service(Scheduler.FO);
        add(key, "rs1", 5);
        ipvs.createRealServer(key, rs("rs2", 9).toBuilder().upperThreshold(2).build());
        assertThat(connect(4)).containsExactly("rs2", "rs2", "rs1", "rs1");
    }

    @Test
    void ovfOverflowsOnceActiveExceedsWeight() {
        ServiceKey key = service(Scheduler.OVF);
        add(key, "rs1", 1);
        add(key, "rs2", 2);
        // rs2 takes connections while its active count is at most 2, i.e. three of them.
        assertThat(connect(5)).containsExactly("rs2", "rs2", "rs2", "rs1", "rs1");
        assertThat(connect()).isEqualTo("none");
    }

    @Test
    void shFillsBucketsByWeightAndHashesTheClientAddress() {
        ServiceKey key = service(Scheduler.SH);
        add(key, "rs1", 1);
        add(key, "rs2", 2);
        // Buckets repeat rs2, rs2, rs1; hash_32 of the client: .5 -> 185, .6 -> 26, .7 -> 124, .200 -> 52.
        assertThat(connect("203.0.113.5")).isEqualTo("rs1");
        assertThat(connect("203.0.113.6")).isEqualTo("rs1");
        assertThat(connect("203.0.113.7")).isEqualTo("rs2");
        assertThat(connect("203.0.113.200")).isEqualTo("rs2");
    }

    @Test
    void shWithoutFallbackDropsAClientOfAQuiescedServerAndWithFallbackMovesIt() {
        ServiceKey key = service(Scheduler.SH);
        add(key, "rs1", 1);
        add(key, "rs2", 1);
        // 185 is odd: rs1 (the older one) in a table alternating rs2, rs1.
        assertThat(connect("203.0.113.5")).isEqualTo("rs1");
        ipvs.updateRealServer(key, rs("rs1", 0));
        // Weight 0 rebuilds the table: each bucket still takes one server, so rs1 keeps its buckets.
        assertThat(connect("203.0.113.5")).isEqualTo("none");
        ipvs.updateService(VirtualService.builder(ServiceKey.tcp(VIP, 80)).scheduler(Scheduler.SH)
                .schedulerFlags(SchedulerFlag.FALLBACK).build());
        assertThat(connect("203.0.113.5")).isEqualTo("rs2");
    }

    @Test
    void shPortFlagHashesTheSourcePortToo() {
        ServiceKey key = service(Scheduler.SH, SchedulerFlag.PORT);
        add(key, "rs1", 1);
        add(key, "rs2", 1);
        // hash_32(203.0.113.5 + 40000) = 93, odd: rs1.
        assertThat(kernel.connect(Client.tcp("203.0.113.5", 40000, VIP, 80)).realServer().map(SchedulerExamplesTest::name))
                .contains("rs1");
    }

    @Test
    void dhHashesTheVirtualAddress() {
        ServiceKey key = service(Scheduler.DH);
        add(key, "rs1", 1);
        add(key, "rs2", 1);
        add(key, "rs3", 1);
        // hash_32(192.0.2.1) = 50; 50 % 3 = 2: the third in the list, rs1. Every client goes there.
        assertThat(connect("203.0.113.5")).isEqualTo("rs1");
        assertThat(connect("203.0.113.77")).isEqualTo("rs1");
    }

    @Test
    void mhSendsAClientToOneServerAndSpreadsClients() {
        ServiceKey key = service(Scheduler.MH);
        add(key, "rs1", 1);
        add(key, "rs2", 1);
        add(key, "rs3", 1);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 600; i++) {
            String client = "203.0.113." + (i % 256);
            String first = connect(client);
            assertThat(connect(client)).isEqualTo(first);
            counts.merge(first, 1, Integer::sum);
        }
        assertThat(counts).containsOnlyKeys("rs1", "rs2", "rs3");
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(100, 320));
    }

    @Test
    void lblcKeepsADestinationAddressOnOneServer() {
        ServiceKey key = service(Scheduler.LBLC);
        add(key, "rs1", 10);
        add(key, "rs2", 10);
        List<String> picks = connect(5);
        assertThat(picks).containsOnly(picks.get(0));
    }

    @Test
    void lblcLeavesAServerThatIsBusyBeyondItsWeightWhileAnotherIsUnderHalf() {
        ServiceKey key = service(Scheduler.LBLC);
        add(key, "rs1", 4);
        add(key, "rs2", 2);
        // Wlc picks rs2 (tie, first); it keeps the address until active 3 > weight 2 while rs1 is idle.
        assertThat(connect(4)).containsExactly("rs2", "rs2", "rs2", "rs1");
    }

    @Test
    void lblcIgnoresTheOverloadFlagForItsCachedServer() {
        // ip_vs_lblc.c checks availability, weight and its own "overloaded" rule for a cached
        // server, not IP_VS_DEST_F_OVERLOAD: an upper threshold does not stop it.
        ServiceKey key = service(Scheduler.LBLC);
        ipvs.createRealServer(key, rs("rs1", 5).toBuilder().upperThreshold(1).build());
        assertThat(connect(3)).containsExactly("rs1", "rs1", "rs1");
        assertThat(ipvs.listRealServerStatus(key).get(0).activeConnections()).isEqualTo(3);
    }

    @Test
    void lblcrAddsAServerToTheSetWhenTheCachedOneIsBusy() {
        ServiceKey key = service(Scheduler.LBLCR);
        add(key, "rs1", 4);
        add(key, "rs2", 2);
        // Like lblc, then the set {rs1, rs2} serves the least loaded of the two.
        assertThat(connect(6)).containsExactly("rs2", "rs2", "rs2", "rs1", "rs1", "rs1");
    }

    @Test
    void twosSpreadsInProportionToWeightOverHeldConnections() {
        ServiceKey key = service(Scheduler.TWOS);
        add(key, "rs1", 1);
        add(key, "rs2", 3);
        connect(400);
        Map<String, Long> active = new HashMap<>();
        for (RealServerStatus s : ipvs.listRealServerStatus(key)) {
            active.put(name(s.server().endpoint()), s.activeConnections());
        }
        assertThat(active.get("rs1") + active.get("rs2")).isEqualTo(400);
        assertThat(active.get("rs2")).isBetween(270L, 330L);
    }

    @Test
    void thresholdsOverloadAtUpperAndRestoreBelowLower() {
        ServiceKey key = service(Scheduler.RR);
        ipvs.createRealServer(key, rs("rs1", 1).toBuilder().thresholds(1, 2).build());
        assertThat(connect(2)).containsExactly("rs1", "rs1");
        ConnectionHandle second = lastHandle;
        assertThat(connect()).isEqualTo("none");
        // Closed connections still count (inactive) until they expire.
        kernel.disconnect(second);
        assertThat(connect()).isEqualTo("none");
        kernel.advance(Duration.ofSeconds(121)); // NAT: TIME_WAIT for 120 s; one left, 1 is not < 1
        assertThat(connect()).isEqualTo("none");
        kernel.advance(Duration.ofSeconds(901)); // the established one expires after the tcp timeout
        assertThat(connect()).isEqualTo("rs1");
    }

    @Test
    void withoutALowerThresholdAServerComesBackBelowThreeQuartersOfTheUpper() {
        ServiceKey key = service(Scheduler.RR);
        ipvs.createRealServer(key, rs("rs1", 1).toBuilder().upperThreshold(4).build());
        List<ConnectionHandle> handles = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            handles.add(kernel.connect(Client.tcp("203.0.113.5", 1000 + i, VIP, 80)).handle());
        }
        assertThat(connect()).isEqualTo("none");
        handles.forEach(kernel::disconnect);
        kernel.advance(Duration.ofSeconds(121));
        assertThat(connect()).isEqualTo("rs1");
    }

    @Test
    void persistenceHoldsUntilTheTemplateExpires() {
        VirtualService s = VirtualService.builder(ServiceKey.tcp(VIP, 80)).scheduler(Scheduler.RR).persistence(300)
                .build();
        ipvs.createService(s);
        add(s.key(), "rs1", 1);
        add(s.key(), "rs2", 1);
        assertThat(connect(3)).containsExactly("rs2", "rs2", "rs2");
        assertThat(connect("203.0.113.6")).isEqualTo("rs1");
        RealServerStatus rs2 = ipvs.listRealServerStatus(s.key()).get(0);
        assertThat(rs2.persistentConnections()).isEqualTo(1);
        assertThat(rs2.activeConnections()).isEqualTo(3);
        // Connections expire after 900 s, then the template (re-checked every 60 s) follows.
        kernel.advance(Duration.ofSeconds(961));
        assertThat(ipvs.listRealServerStatus(s.key()).get(0).persistentConnections()).isZero();
        assertThat(connect()).isEqualTo("rs2"); // rr moves on from rs1, its last pick
    }

    @Test
    void persistenceGroupsClientsByNetmask() {
        VirtualService s = VirtualService.builder(ServiceKey.tcp(VIP, 80)).scheduler(Scheduler.RR).persistence(300)
                .persistencePrefixLength(24).build();
        ipvs.createService(s);
        add(s.key(), "rs1", 1);
        add(s.key(), "rs2", 1);
        assertThat(connect("203.0.113.5")).isEqualTo("rs2");
        assertThat(connect("203.0.113.99")).isEqualTo("rs2");
        assertThat(connect("198.18.0.1")).isEqualTo("rs1");
    }

    @Test
    void persistenceKeepsSendingToAQuiescedServerButNotToARemovedOne() {
        VirtualService s = VirtualService.builder(ServiceKey.tcp(VIP, 80)).scheduler(Scheduler.RR).persistence(300)
                .build();
        ipvs.createService(s);
        add(s.key(), "rs1", 1);
        add(s.key(), "rs2", 1);
        assertThat(connect()).isEqualTo("rs2");
        ipvs.updateRealServer(s.key(), rs("rs2", 0));
        assertThat(connect()).isEqualTo("rs2"); // expire_quiescent_template is off by default
        ipvs.removeRealServer(s.key(), rs("rs2", 0).endpoint());
        assertThat(connect()).isEqualTo("rs1");
    }

    @Test
    void onePacketSchedulingSchedulesEveryDatagram() {
        VirtualService s = VirtualService.builder(ServiceKey.udp(VIP, 53)).scheduler(Scheduler.RR).onePacket(true)
                .build();
        ipvs.createService(s);
        ipvs.createRealServer(s.key(), RealServer.builder("198.51.100.11", 53).build());
        ipvs.createRealServer(s.key(), RealServer.builder("198.51.100.12", 53).build());
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            picks.add(name(kernel.connect(Client.udp("203.0.113.5", 5353, VIP, 53)).realServer().orElseThrow()));
        }
        assertThat(picks).containsExactly("rs2", "rs1", "rs2", "rs1");
        assertThat(kernel.listConnections()).isEmpty();
    }

    @Test
    void udpConnectionsAreInactiveAndFollowTheirEntry() {
        VirtualService s = VirtualService.builder(ServiceKey.udp(VIP, 53)).scheduler(Scheduler.RR).build();
        ipvs.createService(s);
        ipvs.createRealServer(s.key(), RealServer.builder("198.51.100.11", 53).build());
        ipvs.createRealServer(s.key(), RealServer.builder("198.51.100.12", 53).build());
        Client c = Client.udp("203.0.113.5", 5353, VIP, 53);
        assertThat(kernel.connect(c).outcome()).isEqualTo(ConnectResult.Outcome.SCHEDULED);
        ConnectResult again = kernel.connect(c);
        assertThat(again.outcome()).isEqualTo(ConnectResult.Outcome.EXISTING_CONNECTION);
        assertThat(name(again.realServer().orElseThrow())).isEqualTo("rs2");
        RealServerStatus rs2 = ipvs.listRealServerStatus(s.key()).get(0);
        assertThat(rs2.activeConnections()).isZero();
        assertThat(rs2.inactiveConnections()).isEqualTo(1);
        assertThat(kernel.listConnections()).singleElement().satisfies(conn -> {
            assertThat(conn.protocol()).isEqualTo(Protocol.UDP);
            assertThat(conn.state()).isEqualTo("UDP");
            assertThat(conn.expiresInSeconds()).isEqualTo(300);
        });
        kernel.advance(Duration.ofSeconds(300));
        assertThat(kernel.listConnections()).isEmpty();
    }

    @Test
    void tcpCloseGoesToFinWaitForDirectRoutingAndExpiresOnTheFinTimeout() {
        VirtualService s = VirtualService.builder(ServiceKey.tcp(VIP, 80)).scheduler(Scheduler.RR).build();
        ipvs.createService(s);
        ipvs.createRealServer(s.key(), RealServer.builder("198.51.100.11", 80).forwarding(ForwardingMethod.DR).build());
        ConnectResult r = kernel.connect(Client.tcp("203.0.113.5", 40000, VIP, 80));
        assertThat(ipvs.listRealServerStatus(s.key()).get(0).activeConnections()).isEqualTo(1);
        kernel.disconnect(r.handle());
        assertThat(kernel.listConnections()).singleElement().satisfies(c -> {
            assertThat(c.state()).isEqualTo("FIN_WAIT");
            assertThat(c.expiresInSeconds()).isEqualTo(120);
        });
        RealServerStatus st = ipvs.listRealServerStatus(s.key()).get(0);
        assertThat(st.activeConnections()).isZero();
        assertThat(st.inactiveConnections()).isEqualTo(1);
        kernel.advance(Duration.ofSeconds(119));
        assertThat(kernel.listConnections()).hasSize(1);
        kernel.advance(Duration.ofSeconds(1));
        assertThat(kernel.listConnections()).isEmpty();
    }

    @Test
    void firewallMarkServicesTakeMarkedPacketsFirst() {
        VirtualService s = VirtualService.builder(ServiceKey.fwmark(7)).scheduler(Scheduler.RR).build();
        ipvs.createService(s);
        ipvs.createRealServer(s.key(), RealServer.builder("198.51.100.11", 0).build());
        ConnectResult r = kernel.connect(Client.tcp("203.0.113.5", 40000, "192.0.2.99", 443).withFirewallMark(7));
        assertThat(r.realServer()).contains(new InetSocketAddress("198.51.100.11", 443));
        assertThat(kernel.connect(Client.tcp("203.0.113.5", 40001, "192.0.2.99", 443)).outcome())
                .isEqualTo(ConnectResult.Outcome.NO_SERVICE);
    }
}
