package io.github.ipvs4j.testkit.fidelity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.testkit.Client;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgreementTest {
    private static final Client A = Client.tcp("203.0.113.10", 40000, "192.0.2.1", 80);
    private static final Client B = Client.tcp("203.0.113.11", 40001, "192.0.2.1", 80);
    private static final Client C = Client.tcp("203.0.113.12", 40002, "192.0.2.1", 80);

    private static Decision to(int step, Client c, String realServer, int port) {
        return new Decision(step, c, Optional.of(new InetSocketAddress(Addresses.parse(realServer), port)), "");
    }

    private static Decision refused(int step, Client c) {
        return new Decision(step, c, Optional.empty(), "");
    }

    @Test
    void countsEqualDecisions() {
        List<Decision> kernel = List.of(to(0, A, "198.51.100.11", 80), refused(2, B), to(3, C, "198.51.100.12", 8080));
        Agreement a = Agreement.compare(kernel, List.copyOf(kernel));
        assertThat(a).isEqualTo(new Agreement(3, 3, Optional.empty()));
        assertThat(a.complete()).isTrue();
        assertThat(a).hasToString("agreement: 3/3 decisions");
    }

    @Test
    void aDifferentRealServerPortOrARefusalDisagrees() {
        List<Decision> kernel = List.of(to(0, A, "198.51.100.11", 80), to(1, B, "198.51.100.11", 80),
                refused(2, C));
        List<Decision> fake = List.of(to(0, A, "198.51.100.11", 80), to(1, B, "198.51.100.11", 8080),
                to(2, C, "198.51.100.11", 80));
        Agreement a = Agreement.compare(kernel, fake);
        assertThat(a).isEqualTo(new Agreement(1, 3, Optional.of(1)));
        assertThat(a.complete()).isFalse();
    }

    @Test
    void countersAreContextNotPartOfTheDecision() {
        Decision k = new Decision(0, A, Optional.empty(), "198.51.100.11:80 w=1 act=1 inact=0 pers=0");
        Decision f = new Decision(0, A, Optional.empty(), "198.51.100.11:80 w=1 act=0 inact=1 pers=0");
        assertThat(Agreement.compare(List.of(k), List.of(f)).complete()).isTrue();
        assertThat(Agreement.sameCounters(List.of(k), List.of(f))).isZero();
        assertThat(Agreement.sameCounters(List.of(k, f), List.of(k, f))).isEqualTo(2);
    }

    @Test
    void refusesToCompareDifferentTraffic() {
        assertThatThrownBy(() -> Agreement.compare(List.of(refused(0, A)), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 decisions, the fake 0");
        assertThatThrownBy(() -> Agreement.compare(List.of(refused(0, A)), List.of(refused(0, B))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different packets");
        assertThatThrownBy(() -> Agreement.compare(List.of(refused(0, A)), List.of(refused(1, A))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theReportShowsSeedRulesTrafficAndCounters() {
        Scenario s = new ScenarioGenerator(Scheduler.RR, 1, 30).generate(5);
        List<Decision> fake = FakePlayer.play(s, new long[s.steps().size()]);
        List<Decision> kernel = new java.util.ArrayList<>(fake);
        Decision last = fake.get(fake.size() - 1);
        Decision other = last.realServer().isPresent() ? refused(last.step(), last.client())
                : to(last.step(), last.client(), "198.51.100.99", 80);
        kernel.set(fake.size() - 1, other);
        Agreement a = Agreement.compare(kernel, fake);
        String report = Report.disagreement(Scheduler.RR, s, kernel, fake, a);
        assertThat(report)
                .contains("rr: the fake kernel disagrees with the real one at step " + last.step())
                .contains("replay with -Dipvs4j.seed=5 -Dipvs4j.fidelity.slot=1")
                .contains("-A -t 192.0.2.1:80 -s rr")
                .contains(last.client() + " => kernel " + other.choice() + ", fake " + last.choice() + "   <-- differs")
                .contains("counters before step " + last.step());
        assertThat(report.lines().filter(l -> l.contains("<-- differs"))).hasSize(1);
    }

    @Test
    void theCountersReportShowsTheFirstStepWithOtherCounters() {
        Scenario s = new ScenarioGenerator(Scheduler.LC, 1, 30).generate(8);
        List<Decision> fake = FakePlayer.play(s, new long[s.steps().size()]);
        List<Decision> kernel = new java.util.ArrayList<>(fake);
        Decision second = fake.get(1);
        kernel.set(1, new Decision(second.step(), second.client(), second.realServer(), "198.51.100.11:80 w=9"));
        assertThat(Agreement.compare(kernel, fake).complete()).isTrue();
        assertThat(Agreement.sameCounters(kernel, fake)).isEqualTo(fake.size() - 1);
        assertThat(Report.countersDiffer(Scheduler.LC, s, kernel, fake))
                .contains("lc: the decisions agree, but before step " + second.step())
                .contains("replay with -Dipvs4j.seed=8 -Dipvs4j.fidelity.slot=1")
                .contains("  kernel: 198.51.100.11:80 w=9")
                .contains("  fake:   " + second.counters());
    }
}
