package io.github.ipvs4j.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ipvs4j.model.Change;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualService;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanTest {
    private static final VirtualService WEB = VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80)).build();
    private static final RealServer RS1 = RealServer.builder("2001:db8::11", 80).weight(1).build();

    @Test
    void printsOneLinePerChangeThenTheDrainingServers() {
        ServiceKey v6 = ServiceKey.tcp("2001:db8::1", 80);
        Plan plan = new Plan(List.of(new Change.CreateService(WEB), new Change.CreateRealServer(v6, RS1),
                new Change.RemoveService(WEB.key())),
                List.of(new Draining(WEB.key(), new InetSocketAddress("192.0.2.12", 80), 3,
                        Instant.parse("2026-01-01T00:00:00Z"))));
        assertThat(plan).hasToString("""
                plan of 3 changes
                  create service TCP 192.0.2.1:80
                  create real server TCP [2001:db8::1]:80 -> [2001:db8::11]:80
                  remove service TCP 192.0.2.1:80
                  draining TCP 192.0.2.1:80 -> 192.0.2.12:80: 3 active connections since 2026-01-01T00:00:00Z""");
    }

    @Test
    void saysWhenThereIsNothingToDo() {
        assertThat(new Plan(List.of(), List.of())).hasToString("plan of no changes");
        assertThat(new Plan(List.of(new Change.RemoveService(WEB.key())), List.of()))
                .hasToString("plan of 1 change\n  remove service TCP 192.0.2.1:80");
    }

    @Test
    void ordersPhasesServicesThenRealServersThenRemovalsThenDeletions() {
        ServiceKey key = WEB.key();
        assertThat(Plan.phase(new Change.CreateService(WEB))).isZero();
        assertThat(Plan.phase(new Change.UpdateService(WEB))).isZero();
        assertThat(Plan.phase(new Change.CreateRealServer(ServiceKey.tcp("2001:db8::1", 80), RS1))).isEqualTo(1);
        assertThat(Plan.phase(new Change.UpdateRealServer(ServiceKey.tcp("2001:db8::1", 80), RS1))).isEqualTo(1);
        assertThat(Plan.phase(new Change.RemoveRealServer(key, RS1.endpoint()))).isEqualTo(2);
        assertThat(Plan.phase(new Change.RemoveService(key))).isEqualTo(3);
    }
}
