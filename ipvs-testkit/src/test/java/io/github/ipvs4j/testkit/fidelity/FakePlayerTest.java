package io.github.ipvs4j.testkit.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.testkit.Client;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakePlayerTest {
    private static final RealServer RS1 = RealServer.builder("198.51.100.11", 80).forwarding(ForwardingMethod.NAT)
            .build();
    private static final RealServer RS2 = RealServer.builder("198.51.100.12", 80).forwarding(ForwardingMethod.NAT)
            .build();

    private static Step open(int n) {
        return new Step.Open(n, Client.tcp("203.0.113.10", 2000 + n, "192.0.2.1", 80));
    }

    private static List<String> choices(Scenario s, long[] times) {
        return FakePlayer.play(s, times).stream().map(Decision::choice).toList();
    }

    @Test
    void leastConnectionSeesClosesAndTheirExpiry() {
        // lc: overhead = active * 256 + inactive; ties go to the server met first, and the kernel lists
        // real servers newest first (RS2, RS1).
        Scenario s = new Scenario(1, 1, ServiceConfig.of(VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80))
                .scheduler("lc").build(), RS1, RS2), List.of(open(0), open(1), new Step.Close(0), open(2), open(3)));
        // All at once: the closed #0 still counts as inactive on RS2, so #2 goes to RS2 (1 < 256), then #3
        // to RS1 (RS2: 256 + 1 > RS1: 256).
        assertThat(choices(s, new long[5])).containsExactly("198.51.100.12:80", "198.51.100.11:80",
                "198.51.100.12:80", "198.51.100.11:80");
        // Once the closed connection expired (TIME_WAIT, 120 s), the servers tie again at #3.
        assertThat(choices(s, new long[] {0, 0, 0, 0, 121_000})).containsExactly("198.51.100.12:80",
                "198.51.100.11:80", "198.51.100.12:80", "198.51.100.12:80");
    }

    @Test
    void editsApplyAndRefusalsAreDecisions() {
        Scenario s = new Scenario(1, 1, ServiceConfig.of(VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80))
                .scheduler("wrr").build(), RS1),
                List.of(open(0), new Step.Edit(RS1.toBuilder().weight(0).build()), open(1)));
        assertThat(choices(s, new long[3])).containsExactly("198.51.100.11:80", "refused");
    }
}
