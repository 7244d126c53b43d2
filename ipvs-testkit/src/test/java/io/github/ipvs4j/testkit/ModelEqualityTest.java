package io.github.ipvs4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ipvs4j.model.AddressFamily;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.testkit.gen.Gen;
import io.github.ipvs4j.testkit.gen.IpvsGenerators;
import io.github.ipvs4j.testkit.gen.PropertyRunner;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The model records whose equals and hashCode are written out (for speed before the JIT compiles them)
 * keep a record's contract: equal exactly when every component is equal, and equal values hash alike.
 * Values come from the generators' small pools, so equal pairs and pairs differing in one component
 * are both common.
 */
class ModelEqualityTest {

    /** Two values drawn independently from the same generator. */
    private record Pair<T>(T a, T b) {
    }

    private static <T> Gen<Pair<T>> pairs(Gen<T> gen) {
        return r -> new Pair<>(gen.generate(r), gen.generate(r));
    }

    /** Equality as a generated record's equals defines it: component by component. */
    private static boolean componentsEqual(Record a, Record b) {
        if (a.getClass() != b.getClass()) {
            return false;
        }
        try {
            for (RecordComponent c : a.getClass().getRecordComponents()) {
                if (!Objects.equals(c.getAccessor().invoke(a), c.getAccessor().invoke(b))) {
                    return false;
                }
            }
            return true;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static void checkContract(Record a, Record b) {
        boolean expected = componentsEqual(a, b);
        assertThat(a.equals(b)).as("%s equals %s", a, b).isEqualTo(expected);
        assertThat(b.equals(a)).as("%s equals %s", b, a).isEqualTo(expected);
        assertThat(a.equals(a)).isTrue();
        assertThat(a.equals(null)).isFalse();
        if (expected) {
            assertThat(a.hashCode()).as("hash of equal values %s", a).isEqualTo(b.hashCode());
        }
    }

    @Test
    void serviceKeys() {
        PropertyRunner.cases(2000).forAll(pairs(IpvsGenerators.serviceKeys()),
                p -> checkContract((Record) p.a(), (Record) p.b()));
    }

    @Test
    void virtualServices() {
        List<Scheduler> schedulers = List.of(Scheduler.RR, Scheduler.WRR, Scheduler.SH, Scheduler.MH);
        PropertyRunner.cases(2000).forAll(pairs(IpvsGenerators.virtualServices(schedulers)),
                p -> checkContract(p.a(), p.b()));
        // A scheduler given by name equals the constant.
        VirtualService named = VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80)).scheduler("wrr").build();
        VirtualService constant = VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80)).scheduler(Scheduler.WRR)
                .build();
        assertThat(named).isEqualTo(constant).hasSameHashCodeAs(constant);
    }

    @Test
    void realServers() {
        for (AddressFamily family : AddressFamily.values()) {
            PropertyRunner.cases(2000).forAll(pairs(IpvsGenerators.realServers(family)),
                    p -> checkContract(p.a(), p.b()));
        }
    }

    @Test
    void oneComponentApartIsNotEqual() {
        RealServer rs = RealServer.builder("198.51.100.1", 80).weight(2).build();
        assertThat(rs).isEqualTo(RealServer.builder("198.51.100.1", 80).weight(2).build());
        assertThat(rs).isNotEqualTo(rs.toBuilder().weight(3).build())
                .isNotEqualTo(RealServer.builder("198.51.100.1", 81).weight(2).build())
                .isNotEqualTo(rs.toBuilder().forwarding(ForwardingMethod.NAT).build())
                .isNotEqualTo(rs.toBuilder().forwarding(ForwardingMethod.gue(6080)).build())
                .isNotEqualTo(rs.toBuilder().thresholds(0, 5).build());
        assertThat(rs.toBuilder().forwarding(ForwardingMethod.gue(6080)).build())
                .isEqualTo(rs.toBuilder().forwarding(ForwardingMethod.gue(6080)).build())
                .isNotEqualTo(rs.toBuilder().forwarding(ForwardingMethod.gue(6081)).build());
        ServiceKey key = ServiceKey.fwmark(7, AddressFamily.INET);
        assertThat(key).isEqualTo(ServiceKey.fwmark(7, AddressFamily.INET))
                .isNotEqualTo(ServiceKey.fwmark(7, AddressFamily.INET6))
                .isNotEqualTo(ServiceKey.fwmark(8, AddressFamily.INET));
    }
}
