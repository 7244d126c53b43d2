package io.github.ipvs4j.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.Connection;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.RealServerStatus;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.Stats;
import io.github.ipvs4j.model.VirtualService;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real traffic between namespaces in the guest (guest/netns.sh nat): a NAT service answers HTTP,
 * statistics and the connection table show it, zeroing clears the counters.
 */
class TrafficKernelIT extends KernelSupport {
    private String netns;

    @BeforeEach
    void network() {
        netns = netnsScript().toString();
        // dummy0's address in the real servers' subnet would steal their route.
        shell("ip addr del 198.51.100.254/24 dev dummy0");
        shell(netns + " clean");
        sh(netns + " nat 2");
    }

    @AfterEach
    void cleanNetwork() {
        transport.flush();
        sh(netns + " clean");
        shell("ip addr add 198.51.100.254/24 dev dummy0");
    }

    /** Polls {@code read} until {@code done} holds or 10 s pass; returns the last value. */
    static <T> T eventually(java.util.function.Supplier<T> read, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        T value = read.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            value = read.get();
        }
        return value;
    }

    @Test
    void statsAndConnectionsAfterRealTraffic() throws InterruptedException {
        VirtualService web = VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80)).scheduler(Scheduler.WRR).build();
        transport.createService(web);
        RealServer rs1 = RealServer.builder("198.51.100.2", 80).forwarding(ForwardingMethod.NAT).weight(1).build();
        RealServer rs2 = RealServer.builder("198.51.100.3", 80).forwarding(ForwardingMethod.NAT).weight(2).build();
        transport.createRealServer(web.key(), rs1);
        transport.createRealServer(web.key(), rs2);
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(sh(netns + " get http://192.0.2.1/").trim());
        }
        // wrr with weights 1 and 2.
        assertThat(answers).containsExactly("rs2", "rs1", "rs2", "rs2", "rs1", "rs2");

        List<Connection> connections = transport.listConnections();
        assertThat(connections).hasSize(6).allSatisfy(c -> {
            assertThat(c.clientAddress()).isEqualTo(Addresses.parse("203.0.113.2"));
            assertThat(c.virtualAddress()).isEqualTo(Addresses.parse("192.0.2.1"));
            assertThat(c.virtualPort()).isEqualTo(80);
            assertThat(c.realPort()).isEqualTo(80);
        });
        assertThat(connections).filteredOn(c -> c.realAddress().equals(rs2.address())).hasSize(4);

        // 6.1 sums its per-CPU counters in the estimator, about every 2 s: wait for them.
        Stats service = eventually(() -> transport.getServiceStatus(web.key()).orElseThrow().stats(),
                s -> s.connections() == 6);
        assertThat(service.connections()).isEqualTo(6);
        assertThat(service.inPackets()).isGreaterThanOrEqualTo(6 * 3);
        assertThat(service.outPackets()).isGreaterThanOrEqualTo(6 * 3);
        assertThat(service.inBytes()).isPositive();
        assertThat(service.outBytes()).isGreaterThan(service.inBytes() / 10);
        List<RealServerStatus> servers = eventually(() -> transport.listRealServerStatus(web.key()),
                l -> l.get(0).stats().connections() + l.get(1).stats().connections() == 6);
        assertThat(servers).extracting(s -> s.stats().connections()).containsExactly(4L, 2L);
        assertThat(servers).extracting(s -> s.activeConnections() + s.inactiveConnections()).containsExactly(4L, 2L);
        // The estimator fills the rates about every 2 s.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (transport.getServiceStatus(web.key()).orElseThrow().stats().inPacketRate() == 0
                && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertThat(transport.getServiceStatus(web.key()).orElseThrow().stats().inPacketRate()).isPositive();

        transport.zeroCounters(web.key());
        Stats zeroed = transport.getServiceStatus(web.key()).orElseThrow().stats();
        assertThat(zeroed.connections()).isZero();
        assertThat(zeroed.inBytes()).isZero();
        assertThat(transport.listRealServerStatus(web.key()))
                .allSatisfy(s -> assertThat(s.stats().connections()).isZero());
        sh(netns + " get http://192.0.2.1/");
        assertThat(eventually(() -> transport.getServiceStatus(web.key()).orElseThrow().stats(),
                s -> s.connections() == 1).connections()).isEqualTo(1);
        transport.zeroCounters();
        assertThat(transport.getServiceStatus(web.key()).orElseThrow().stats().connections()).isZero();
    }
}
