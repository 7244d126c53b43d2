package io.github.ipvs4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.apply.ApplyException;
import io.github.ipvs4j.apply.ApplyResult;
import io.github.ipvs4j.apply.Plan;
import io.github.ipvs4j.apply.Reconciler;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.spi.IpvsTransport;
import io.github.ipvs4j.spi.IpvsTransportProvider;
import io.github.ipvs4j.spi.TransportOptions;
import io.github.ipvs4j.testkit.gen.PropertyRunner;
import java.time.Duration;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Apply on the real kernel (in the guest, as root): what {@link ApplyConvergenceTest},
 * {@link ApplyFaultTest} and {@link ApplyIncrementalTest} check on the fake, checked against the kernel
 * through the netlink transport.
 */
class ApplyKernelIT {
    private static IpvsTransport netlink;
    private static Ipvs kernel;

    @BeforeAll
    static void open() {
        netlink = ServiceLoader.load(IpvsTransportProvider.class).findFirst().orElseThrow()
                .open(TransportOptions.DEFAULTS);
        kernel = Ipvs.using(netlink);
    }

    @AfterAll
    static void close() {
        kernel.flush();
        kernel.close();
    }

    @BeforeEach
    void flush() {
        kernel.flush();
    }

    @Test
    void generatedPairsConvergeInOneApplyWithTheFewestChangesAndASecondSendsNothing() {
        PropertyRunner.cases(25).forAll(ApplyConvergenceTest.PAIRS, pair -> {
            kernel.flush();
            Reconciler.of(kernel).apply(pair.current());
            IpvsConfig before = kernel.readConfig();
            assertThat(before.normalized()).isEqualTo(pair.current().normalized());
            Reconciler reconciler = Reconciler.builder(kernel).build();

            Plan plan = reconciler.plan(pair.desired());
            assertThat(plan.size()).isEqualTo(ApplyTables.minimalChanges(before, pair.desired()));
            ApplyResult result = reconciler.apply(pair.desired());
            assertThat(result.converged()).isTrue();
            assertThat(result.applied()).containsExactlyElementsOf(plan.changes());
            assertThat(kernel.readConfig().normalized()).isEqualTo(pair.desired().normalized());
            assertThat(reconciler.apply(pair.desired()).applied()).isEmpty();
        });
    }

    @Test
    void faultsPartWayAreReportedAsTheKernelHoldsThemAndApplyingAgainConverges() {
        PropertyRunner.cases(25).forAll(ApplyFaultTest.CASES, c -> {
            kernel.flush();
            Reconciler.of(kernel).apply(c.current());
            IpvsConfig before = kernel.readConfig();
            Reconciler reconciler = Reconciler.builder(Ipvs.using(ApplyFaultTest.faulty(netlink, c.fault(), c.at())))
                    .build();
            Plan plan = reconciler.plan(c.desired());
            if (c.fault() == ApplyFaultTest.Fault.LOSE_ANSWER) {
                ApplyResult result = reconciler.execute(plan);
                assertThat(result.applied()).containsExactlyElementsOf(plan.changes());
            } else {
                ApplyException e = catchThrowableOfType(ApplyException.class, () -> reconciler.execute(plan));
                if (c.at() < plan.size()) {
                    assertThat(e).isNotNull();
                    ApplyFaultTest.check(c, plan, e.result(), before, netlink);
                } else {
                    assertThat(e).isNull();
                }
            }
            assertThat(Reconciler.builder(kernel).build().apply(c.desired()).converged()).isTrue();
            assertThat(kernel.readConfig().normalized()).isEqualTo(c.desired().normalized());
        });
    }

    @Test
    void anIncrementalReconcilersKeptTablePlansWhatAWholeReadOfTheKernelPlans() {
        PropertyRunner.cases(15).forAll(ApplyIncrementalTest.SEQUENCES, seq -> {
            kernel.flush();
            Reconciler.of(kernel).apply(seq.initial());
            ApplyDrainTest.ManualClock clock = new ApplyDrainTest.ManualClock();
            Reconciler reconciler = Reconciler.builder(kernel).incremental(Duration.ofHours(1)).clock(clock).build();
            for (IpvsConfig desired : seq.steps()) {
                // Planned against the kept table, the kernel's real-server order (newest first) included.
                Plan plan = reconciler.plan(desired);
                assertThat(plan.changes())
                        .containsExactlyElementsOf(Reconciler.builder(kernel).build().plan(desired).changes());
                assertThat(reconciler.execute(plan).converged()).isTrue();
                assertThat(kernel.readConfig().normalized()).isEqualTo(desired.normalized());
            }
        });
    }
}
