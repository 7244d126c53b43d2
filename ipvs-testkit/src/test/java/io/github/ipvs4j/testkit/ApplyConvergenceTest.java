package io.github.ipvs4j.testkit;

import static io.github.ipvs4j.testkit.ApplyTables.kernelWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.apply.ApplyResult;
import io.github.ipvs4j.apply.Plan;
import io.github.ipvs4j.apply.Reconciler;
import io.github.ipvs4j.apply.ServiceSelector;
import io.github.ipvs4j.model.InvalidConfigurationException;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.testkit.gen.Gen;
import io.github.ipvs4j.testkit.gen.IpvsGenerators;
import io.github.ipvs4j.testkit.gen.PropertyRunner;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Generated (current, desired) pairs converge in one apply with the fewest changes; a second sends nothing. */
class ApplyConvergenceTest {
    record Pair(IpvsConfig current, IpvsConfig desired) {
    }

    static final Gen<IpvsConfig> TABLES = IpvsGenerators.ipvsConfigs(FakeKernel.DEBIAN_6_1_SCHEDULERS, 8, 6);
    /** Pairs that share many services (the same small pools), so edits, adds and removals all occur. */
    static final Gen<Pair> PAIRS = r -> new Pair(TABLES.generate(r), TABLES.generate(r));

    @Test
    void oneApplyConvergesWithTheFewestChangesAndASecondSendsNothing() {
        PropertyRunner.cases(300).forAll(PAIRS, pair -> {
            FakeKernel kernel = kernelWith(pair.current());
            Ipvs ipvs = Ipvs.using(kernel);
            IpvsConfig before = ipvs.readConfig();
            Reconciler reconciler = Reconciler.builder(ipvs).build();

            Plan plan = reconciler.plan(pair.desired());
            assertThat(plan.size()).isEqualTo(ApplyTables.minimalChanges(before, pair.desired()));
            ApplyResult result = reconciler.apply(pair.desired());
            assertThat(result.converged()).isTrue();
            assertThat(result.applied()).containsExactlyElementsOf(plan.changes());
            assertThat(ipvs.readConfig().normalized()).isEqualTo(pair.desired().normalized());

            assertThat(reconciler.plan(pair.desired()).isEmpty()).isTrue();
            ApplyResult again = reconciler.apply(pair.desired());
            assertThat(again.applied()).isEmpty();
            assertThat(again.converged()).isTrue();
        });
    }

    @Test
    void editsAreMadeInPlaceSoRealServersKeepTheirConnections() {
        PropertyRunner.cases(100).forAll(PAIRS, pair -> {
            FakeKernel kernel = kernelWith(pair.current());
            Ipvs ipvs = Ipvs.using(kernel);
            Plan plan = Reconciler.builder(ipvs).build().plan(pair.desired());
            for (ServiceConfig want : pair.desired().services()) {
                // A service that stays is never deleted and recreated.
                if (pair.current().find(want.service().key()).isPresent()) {
                    assertThat(plan.changes()).noneMatch(c -> c instanceof io.github.ipvs4j.model.Change.RemoveService d
                            && d.service().equals(want.service().key()));
                }
            }
        });
    }

    @Test
    void ownershipLeavesForeignServicesUntouched() {
        ServiceSelector owned = ServiceSelector.network("192.0.2.0/24");
        PropertyRunner.cases(200).forAll(PAIRS, pair -> {
            FakeKernel kernel = kernelWith(pair.current());
            Ipvs ipvs = Ipvs.using(kernel);
            IpvsConfig before = ipvs.readConfig();
            IpvsConfig desired = new IpvsConfig(pair.desired().services().stream()
                    .filter(s -> owned.owns(s.service().key())).toList());
            Reconciler reconciler = Reconciler.builder(ipvs).owning(owned).build();

            reconciler.apply(desired);

            IpvsConfig after = ipvs.readConfig();
            assertThat(only(after, owned, true).normalized()).isEqualTo(desired.normalized());
            // Foreign services (IPv6, firewall marks) are exactly as they were, real servers in the same order.
            assertThat(only(after, owned, false)).isEqualTo(only(before, owned, false));
            assertThat(reconciler.apply(desired).applied()).isEmpty();
        });
    }

    @Test
    void aDesiredServiceOutsideTheSelectionIsRefusedBeforeAnythingIsSent() {
        IpvsConfig current = TABLES.generate(7);
        FakeKernel kernel = kernelWith(current);
        Ipvs ipvs = Ipvs.using(kernel);
        IpvsConfig before = ipvs.readConfig();
        IpvsConfig foreign = IpvsConfig.of(
                new ServiceConfig(io.github.ipvs4j.model.VirtualService.builder(ServiceKey.tcp("203.0.113.1", 80))
                        .build(), List.of()));
        Reconciler reconciler = Reconciler.builder(ipvs).owning(ServiceSelector.network("192.0.2.0/24")).build();
        assertThatThrownBy(() -> reconciler.apply(foreign)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("203.0.113.1");
        assertThat(ipvs.readConfig()).isEqualTo(before);
    }

    private static IpvsConfig only(IpvsConfig table, ServiceSelector selector, boolean owned) {
        return new IpvsConfig(table.services().stream().filter(s -> selector.owns(s.service().key()) == owned)
                .toList());
    }
}
