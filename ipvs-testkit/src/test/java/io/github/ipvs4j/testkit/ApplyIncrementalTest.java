package io.github.ipvs4j.testkit;

import static io.github.ipvs4j.testkit.ApplyTables.kernelWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.apply.ApplyException;
import io.github.ipvs4j.apply.ApplyResult;
import io.github.ipvs4j.apply.Draining;
import io.github.ipvs4j.apply.Plan;
import io.github.ipvs4j.apply.Reconciler;
import io.github.ipvs4j.apply.ServiceSelector;
import io.github.ipvs4j.internal.Errno;
import io.github.ipvs4j.model.Change;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.InvalidConfigurationException;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.spi.IpvsTransport;
import io.github.ipvs4j.testkit.ApplyDrainTest.ManualClock;
import io.github.ipvs4j.testkit.ApplyFaultTest.Case;
import io.github.ipvs4j.testkit.ApplyFaultTest.Fault;
import io.github.ipvs4j.testkit.gen.Gen;
import io.github.ipvs4j.testkit.gen.PropertyRunner;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Incremental mode ({@link Reconciler.Builder#incremental(Duration)}): it plans exactly what the
 * stateless mode plans as long as it is the only writer, reads the whole table only when due, finds
 * changes made behind its back at the next whole read (and not before), and reports faults exactly.
 */
class ApplyIncrementalTest {
    private static final Duration RESYNC = Duration.ofMinutes(10);

    /** A transport over {@code kernel} that counts service dumps: one per whole-table read. */
    static final class Counting {
        final IpvsTransport transport;
        int serviceDumps;

        Counting(IpvsTransport kernel) {
            transport = (IpvsTransport) Proxy.newProxyInstance(IpvsTransport.class.getClassLoader(),
                    new Class<?>[] {IpvsTransport.class}, (proxy, method, args) -> {
                        String name = method.getName();
                        if (name.equals("listServiceStatus") || name.equals("listServices")) {
                            serviceDumps++;
                        }
                        try {
                            return method.invoke(kernel, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }

    record Sequence(IpvsConfig initial, List<IpvsConfig> steps, boolean owning) {
    }

    static final Gen<Sequence> SEQUENCES = r -> new Sequence(ApplyConvergenceTest.TABLES.generate(r),
            ApplyConvergenceTest.TABLES.list(1, 6).generate(r), r.nextBoolean());

    private static final ServiceSelector OWNED = ServiceSelector.network("192.0.2.0/24");

    private static IpvsConfig owned(IpvsConfig table) {
        return new IpvsConfig(table.services().stream().filter(s -> OWNED.owns(s.service().key())).toList());
    }

    @Test
    void aSequenceOfIncrementalAppliesSendsWhatStatelessSendsAndReadsTheTableOnce() {
        PropertyRunner.cases(300).forAll(SEQUENCES, seq -> {
            Ipvs statelessIpvs = Ipvs.using(kernelWith(seq.initial()));
            FakeKernel kernel = kernelWith(seq.initial());
            Counting counting = new Counting(kernel);
            Ipvs ipvs = Ipvs.using(counting.transport);
            ManualClock clock = new ManualClock();
            Reconciler.Builder stateless = Reconciler.builder(statelessIpvs);
            Reconciler.Builder incremental = Reconciler.builder(ipvs).incremental(RESYNC).clock(clock);
            if (seq.owning()) {
                stateless.owning(OWNED);
                incremental.owning(OWNED);
            }
            Reconciler reference = stateless.build();
            Reconciler reconciler = incremental.build();

            for (IpvsConfig step : seq.steps()) {
                IpvsConfig desired = seq.owning() ? owned(step) : step;
                Plan expected = reference.plan(desired);
                Plan plan = reconciler.plan(desired);
                assertThat(plan.changes()).containsExactlyElementsOf(expected.changes());
                reference.execute(expected);
                ApplyResult result = reconciler.execute(plan);
                assertThat(result.converged()).isTrue();
                // The same table, real servers in the same (kernel) order, foreign services untouched.
                assertThat(Ipvs.using(kernel).readConfig()).isEqualTo(statelessIpvs.readConfig());
                assertThat(reconciler.plan(desired).isEmpty()).isTrue();
                clock.advance(RESYNC.minusNanos(1).dividedBy(seq.steps().size()));
            }
            assertThat(counting.serviceDumps).as("whole-table reads").isEqualTo(1);
        });
    }

    @Test
    void theWholeTableIsReadAgainOnceTheResyncIntervalHasPassedOrOnInvalidate() {
        IpvsConfig table = ApplyConvergenceTest.TABLES.generate(11);
        Counting counting = new Counting(FakeKernel.create());
        ManualClock clock = new ManualClock();
        Reconciler reconciler = Reconciler.builder(Ipvs.using(counting.transport)).incremental(RESYNC).clock(clock)
                .build();
        reconciler.apply(table);
        assertThat(counting.serviceDumps).isEqualTo(1);
        clock.advance(RESYNC.minusNanos(1));
        reconciler.apply(table);
        assertThat(counting.serviceDumps).isEqualTo(1);
        clock.advance(Duration.ofNanos(1));
        reconciler.apply(table);
        assertThat(counting.serviceDumps).isEqualTo(2);
        reconciler.invalidate();
        reconciler.apply(table);
        assertThat(counting.serviceDumps).isEqualTo(3);
        reconciler.apply(table);
        assertThat(counting.serviceDumps).isEqualTo(3);
    }

    @Test
    void aZeroResyncIntervalReadsEveryTimeAndANegativeOneIsRefused() {
        Counting counting = new Counting(FakeKernel.create());
        Reconciler reconciler = Reconciler.builder(Ipvs.using(counting.transport)).incremental(Duration.ZERO)
                .clock(new ManualClock()).build();
        reconciler.apply(IpvsConfig.of(ServiceConfig.of(WEB, A)));
        reconciler.apply(IpvsConfig.of(ServiceConfig.of(WEB, A)));
        assertThat(counting.serviceDumps).isEqualTo(2);
        assertThatThrownBy(() -> Reconciler.builder(Ipvs.using(FakeKernel.create())).incremental(Duration.ofSeconds(-1)))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("resync interval");
    }

    private static final VirtualService WEB = VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80))
            .scheduler(Scheduler.RR).build();
    private static final RealServer A = RealServer.builder("198.51.100.1", 80).forwarding(ForwardingMethod.NAT).build();
    private static final RealServer B = RealServer.builder("198.51.100.2", 80).forwarding(ForwardingMethod.NAT)
            .weight(3).build();

    @Test
    void aChangeMadeBehindItsBackIsNotSeenBeforeTheNextResyncAndRepairedThen() {
        FakeKernel kernel = FakeKernel.create();
        Ipvs ipvs = Ipvs.using(kernel);
        ManualClock clock = new ManualClock();
        Reconciler reconciler = Reconciler.builder(ipvs).incremental(RESYNC).clock(clock).build();
        IpvsConfig desired = IpvsConfig.of(ServiceConfig.of(WEB, A, B));
        reconciler.apply(desired);

        ipvs.updateRealServer(WEB.key(), B.toBuilder().weight(9).build()); // someone else's edit
        // Documented trade-off: until the next whole read, the kept table is trusted.
        assertThat(reconciler.apply(desired).applied()).isEmpty();
        assertThat(ipvs.listRealServers(WEB.key())).contains(B.toBuilder().weight(9).build());

        clock.advance(RESYNC);
        ApplyResult repaired = reconciler.apply(desired);
        assertThat(repaired.applied()).containsExactly(new Change.UpdateRealServer(WEB.key(), B));
        assertThat(ipvs.readConfig().normalized()).isEqualTo(desired.normalized());
    }

    @Test
    void aChangeThatNoLongerFitsTheKernelFailsIsReportedAndForcesAWholeRead() {
        FakeKernel kernel = FakeKernel.create();
        Counting counting = new Counting(kernel);
        Ipvs ipvs = Ipvs.using(counting.transport);
        Reconciler reconciler = Reconciler.builder(ipvs).incremental(RESYNC).clock(new ManualClock()).build();
        reconciler.apply(IpvsConfig.of(ServiceConfig.of(WEB, A, B)));
        ipvs.removeRealServer(WEB.key(), B.endpoint()); // behind its back

        IpvsConfig desired = IpvsConfig.of(ServiceConfig.of(WEB, A, B.toBuilder().weight(5).build()));
        ApplyException e = catchThrowableOfType(ApplyException.class, () -> reconciler.apply(desired));
        assertThat(e).isNotNull();
        assertThat(e.result().applied()).isEmpty();
        assertThat(e.result().failed()).singleElement().satisfies(o -> {
            assertThat(o.change()).isEqualTo(new Change.UpdateRealServer(WEB.key(), desired.services().get(0)
                    .realServers().get(1)));
            assertThat(o.error().orElseThrow().errno()).isEqualTo(Errno.ENOENT);
        });
        int dumps = counting.serviceDumps;
        ApplyResult again = reconciler.apply(desired);
        assertThat(counting.serviceDumps).isEqualTo(dumps + 1);
        assertThat(again.converged()).isTrue();
        assertThat(ipvs.readConfig().normalized()).isEqualTo(desired.normalized());
    }

    @Test
    void changesBehindItsBackAreAllFoundAtTheNextResync() {
        record Behind(IpvsConfig mine, IpvsConfig theirs, IpvsConfig next) {
        }
        Gen<Behind> cases = r -> new Behind(ApplyConvergenceTest.TABLES.generate(r),
                ApplyConvergenceTest.TABLES.generate(r), ApplyConvergenceTest.TABLES.generate(r));
        PropertyRunner.cases(200).forAll(cases, c -> {
            FakeKernel kernel = FakeKernel.create();
            Ipvs ipvs = Ipvs.using(kernel);
            ManualClock clock = new ManualClock();
            Reconciler reconciler = Reconciler.builder(ipvs).incremental(RESYNC).clock(clock).build();
            reconciler.apply(c.mine());
            Reconciler.of(ipvs).apply(c.theirs());

            clock.advance(RESYNC);
            Plan expected = Reconciler.builder(ipvs).build().plan(c.next());
            Plan plan = reconciler.plan(c.next());
            assertThat(plan.changes()).containsExactlyElementsOf(expected.changes());
            assertThat(reconciler.execute(plan).converged()).isTrue();
            assertThat(ipvs.readConfig().normalized()).isEqualTo(c.next().normalized());
        });
    }

    @Test
    void aFaultIsReportedExactlyAndTheNextPlanReadsTheWholeTable() {
        PropertyRunner.cases(400).forAll(ApplyFaultTest.CASES, (Case c) -> {
            FakeKernel kernel = kernelWith(c.current());
            IpvsConfig before = Ipvs.using(kernel).readConfig();
            Counting counting = new Counting(ApplyFaultTest.faulty(kernel, c.fault(), c.at()));
            Reconciler reconciler = Reconciler.builder(Ipvs.using(counting.transport)).incremental(RESYNC)
                    .clock(new ManualClock()).build();
            Plan plan = reconciler.plan(c.desired());
            assertThat(plan.changes())
                    .containsExactlyElementsOf(Reconciler.builder(Ipvs.using(kernel)).build().plan(c.desired()).changes());

            boolean faulted = c.at() < plan.size();
            if (c.fault() == Fault.LOSE_ANSWER) {
                ApplyResult result = reconciler.execute(plan);
                assertThat(result.succeeded()).isTrue();
                assertThat(result.applied()).containsExactlyElementsOf(plan.changes());
            } else {
                ApplyException e = catchThrowableOfType(ApplyException.class, () -> reconciler.execute(plan));
                if (!faulted) {
                    assertThat(e).isNull();
                } else {
                    assertThat(e).as("apply with a %s at change %d of %d", c.fault(), c.at(), plan.size()).isNotNull();
                    ApplyFaultTest.check(c, plan, e.result(), before, kernel);
                }
            }
            int dumps = counting.serviceDumps;
            Plan next = reconciler.plan(c.desired());
            assertThat(counting.serviceDumps).as("whole-table reads after the apply").isEqualTo(faulted ? dumps + 1 : dumps);
            assertThat(next.changes())
                    .containsExactlyElementsOf(Reconciler.builder(Ipvs.using(kernel)).build().plan(c.desired()).changes());
            assertThat(reconciler.execute(next).converged()).isTrue();
            assertThat(Ipvs.using(kernel).readConfig().normalized()).isEqualTo(c.desired().normalized());
        });
    }

    @Test
    void drainingUsesLiveConnectionCountsWithoutReadingTheWholeTable() {
        FakeKernel kernel = FakeKernel.create();
        Counting counting = new Counting(kernel);
        Ipvs ipvs = Ipvs.using(counting.transport);
        ManualClock clock = new ManualClock();
        Reconciler reconciler = Reconciler.builder(ipvs).incremental(RESYNC).gracefulDrain(Duration.ofMinutes(5))
                .clock(clock).build();
        IpvsConfig both = IpvsConfig.of(ServiceConfig.of(WEB, A, B));
        IpvsConfig onlyA = IpvsConfig.of(ServiceConfig.of(WEB, A));
        reconciler.apply(both); // read whole: B has no connections yet

        ConnectionHandle held = null;
        for (int port = 40000; held == null && port < 40100; port++) {
            ConnectResult r = kernel.connect(Client.tcp("203.0.113.7", port, "192.0.2.1", 80));
            if (r.realServer().orElseThrow().equals(B.endpoint())) {
                held = r.handle();
            }
        }
        assertThat(held).isNotNull();

        // B leaves with a connection the kept table does not know of: it drains, it is not removed.
        ApplyResult first = reconciler.apply(onlyA);
        assertThat(first.draining()).extracting(Draining::endpoint).containsExactly(B.endpoint());
        assertThat(first.draining().get(0).activeConnections()).isEqualTo(1);
        assertThat(ipvs.listRealServers(WEB.key())).contains(B.toBuilder().weight(0).build());

        ApplyResult second = reconciler.apply(onlyA);
        assertThat(second.applied()).isEmpty();
        assertThat(second.draining()).hasSize(1);

        kernel.disconnect(held);
        ApplyResult third = reconciler.apply(onlyA);
        assertThat(third.applied()).containsExactly(new Change.RemoveRealServer(WEB.key(), B.endpoint()));
        assertThat(third.converged()).isTrue();
        assertThat(ipvs.listRealServers(WEB.key())).containsExactly(A);
        assertThat(counting.serviceDumps).as("whole-table reads").isEqualTo(1);
    }
}
