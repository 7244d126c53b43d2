package io.github.ipvs4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualService;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The overload flag when thresholds change, as the real kernel (Debian 12's 6.1.192, with the stable
 * fix "ipvs: properly update the overload flag on dest edit") decides: the flag is re-evaluated
 * against the connections a real server already has whenever a threshold changes, also when a
 * removed real server is taken back from the trash. FidelityKernelIT found the difference (wrr, lc
 * and sh chose a real server taken back from the trash that the kernel saw overloaded).
 */
class OverloadFlagTest {
    private static final VirtualService LC = VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80)).scheduler("lc")
            .build();
    private static final RealServer A = RealServer.builder("198.51.100.11", 80).forwarding(ForwardingMethod.NAT)
            .build();
    private static final RealServer B = RealServer.builder("198.51.100.12", 80).forwarding(ForwardingMethod.NAT)
            .build();

    private final FakeKernel kernel = FakeKernel.builder().debian61().build();
    private final Ipvs ipvs = Ipvs.using(kernel);
    private final ServiceKey key = LC.key();
    private int port = 40000;

    /** lc with A then B: the kernel lists B first, so B wins ties. Two connections each. */
    private void twoConnectionsEach() {
        ipvs.createService(LC);
        ipvs.createRealServer(key, A);
        ipvs.createRealServer(key, B);
        assertThat(connect(4)).containsExactly("198.51.100.12", "198.51.100.11", "198.51.100.12", "198.51.100.11");
    }

    private List<String> connect(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ConnectResult r = kernel.connect(Client.tcp("203.0.113.10", port++, "192.0.2.1", 80));
            out.add(r.realServer().map(rs -> Addresses.format(rs.getAddress())).orElse("refused"));
        }
        return out;
    }

    @Test
    void anUpperThresholdBelowTheConnectionsOverloadsAtOnce() {
        twoConnectionsEach();
        ipvs.updateRealServer(key, B.toBuilder().thresholds(0, 2).build());
        // B (2 connections, upper threshold 2) is overloaded: the tie goes to A.
        assertThat(connect(1)).containsExactly("198.51.100.11");
    }

    @Test
    void aRealServerTakenBackFromTheTrashWithALowerUpperThresholdIsOverloaded() {
        twoConnectionsEach();
        ipvs.removeRealServer(key, B.endpoint());
        ipvs.createRealServer(key, B.toBuilder().thresholds(0, 2).build());
        assertThat(ipvs.listRealServerStatus(key)).filteredOn(s -> s.server().endpoint().equals(B.endpoint()))
                .singleElement().satisfies(s -> assertThat(s.activeConnections()).isEqualTo(2));
        assertThat(connect(1)).containsExactly("198.51.100.11");
    }

    @Test
    void unchangedThresholdsLeaveTheFlagAsItWas() {
        twoConnectionsEach();
        RealServer limited = B.toBuilder().thresholds(0, 2).build();
        ipvs.updateRealServer(key, limited);
        ipvs.removeRealServer(key, B.endpoint());
        ipvs.createRealServer(key, limited.toBuilder().weight(3).build());
        assertThat(connect(1)).containsExactly("198.51.100.11");
    }

    @Test
    void raisingTheUpperThresholdAboveTheConnectionsFreesTheServer() {
        twoConnectionsEach();
        ipvs.updateRealServer(key, B.toBuilder().thresholds(0, 2).build());
        ipvs.updateRealServer(key, B.toBuilder().thresholds(0, 3).build());
        // Without a lower threshold the kernel frees it below 3/4 of the upper one, rounded up: 2 < 3.
        assertThat(connect(1)).containsExactly("198.51.100.12");
    }

    @Test
    void betweenTheThresholdsTheFlagStaysAsItWas() {
        twoConnectionsEach();
        ipvs.updateRealServer(key, B.toBuilder().thresholds(0, 2).build());
        // Upper 3, lower 1: 2 connections are between the thresholds, so B stays overloaded.
        ipvs.updateRealServer(key, B.toBuilder().thresholds(1, 3).build());
        assertThat(connect(1)).containsExactly("198.51.100.11");
    }

    @Test
    void removingTheUpperThresholdFreesTheServer() {
        twoConnectionsEach();
        ipvs.updateRealServer(key, B.toBuilder().thresholds(0, 2).build());
        ipvs.updateRealServer(key, B);
        assertThat(connect(1)).containsExactly("198.51.100.12");
    }
}
