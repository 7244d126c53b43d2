package io.github.ipvs4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link IpvsConfig#normalized()} and {@link IpvsConfig#sameTable(IpvsConfig)}: comparing tables in any order. */
class IpvsConfigTest {
    private static final VirtualService WEB = VirtualService.builder(ServiceKey.tcp("192.0.2.10", 80)).build();
    private static final VirtualService DNS = VirtualService.builder(ServiceKey.udp("192.0.2.2", 53)).build();
    private static final VirtualService MARKED = VirtualService.builder(ServiceKey.fwmark(7)).build();
    // In string order 198.51.100.10 would come before 198.51.100.9, and :8080 before :80.
    private static final RealServer NINE = RealServer.builder("198.51.100.9", 80).build();
    private static final RealServer TEN = RealServer.builder("198.51.100.10", 80).build();
    private static final RealServer TEN_8080 = RealServer.builder("198.51.100.10", 8080).build();
    private static final RealServer V6 = RealServer.builder("2001:db8::1", 80).forwarding(ForwardingMethod.tunnel())
            .build();

    @Test
    void normalizedSortsServicesByKeyOrderAndRealServersByEndpoint() {
        IpvsConfig table = IpvsConfig.of(ServiceConfig.of(MARKED), ServiceConfig.of(DNS),
                ServiceConfig.of(WEB, V6, TEN_8080, TEN, NINE));

        IpvsConfig normalized = table.normalized();

        assertThat(normalized.services()).extracting(s -> s.service().key())
                .containsExactly(WEB.key(), DNS.key(), MARKED.key()); // TCP before UDP, marks last
        assertThat(normalized.find(WEB.key()).orElseThrow().realServers()).containsExactly(NINE, TEN, TEN_8080, V6);
        assertThat(normalized.normalized()).isEqualTo(normalized);
        assertThat(table).isNotEqualTo(normalized); // the original keeps its order
    }

    @Test
    void sameTableIgnoresOrderButNotContent() {
        IpvsConfig desired = IpvsConfig.of(ServiceConfig.of(WEB, NINE, TEN), ServiceConfig.of(DNS, TEN));
        IpvsConfig asListed = IpvsConfig.of(ServiceConfig.of(DNS, TEN), ServiceConfig.of(WEB, TEN, NINE));

        assertThat(asListed).isNotEqualTo(desired);
        assertThat(asListed.sameTable(desired)).isTrue();
        assertThat(desired.sameTable(asListed)).isTrue();
        assertThat(asListed.normalized()).isEqualTo(desired.normalized());

        IpvsConfig heavier = IpvsConfig.of(ServiceConfig.of(DNS, TEN),
                ServiceConfig.of(WEB, TEN.toBuilder().weight(5).build(), NINE));
        IpvsConfig otherScheduler = IpvsConfig.of(ServiceConfig.of(DNS, TEN),
                ServiceConfig.of(WEB.toBuilder().scheduler(Scheduler.LC).build(), TEN, NINE));
        IpvsConfig missing = IpvsConfig.of(ServiceConfig.of(WEB, TEN, NINE));
        for (IpvsConfig other : List.of(heavier, otherScheduler, missing, IpvsConfig.EMPTY)) {
            assertThat(desired.sameTable(other)).as("%s", other).isFalse();
        }
        assertThat(IpvsConfig.EMPTY.sameTable(new IpvsConfig(List.of()))).isTrue();
        assertThatThrownBy(() -> desired.sameTable(null)).isInstanceOf(NullPointerException.class).hasMessage("other");
    }
}
