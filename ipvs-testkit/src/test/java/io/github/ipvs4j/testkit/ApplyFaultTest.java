package io.github.ipvs4j.testkit;

import static io.github.ipvs4j.testkit.ApplyTables.kernelWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.apply.ApplyException;
import io.github.ipvs4j.apply.ApplyResult;
import io.github.ipvs4j.apply.Plan;
import io.github.ipvs4j.apply.Reconciler;
import io.github.ipvs4j.internal.Errno;
import io.github.ipvs4j.model.BatchResult;
import io.github.ipvs4j.model.Change;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.spi.IpvsTransport;
import io.github.ipvs4j.spi.KernelErrors;
import io.github.ipvs4j.testkit.gen.Gen;
import io.github.ipvs4j.testkit.gen.PropertyRunner;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Faults part-way through an apply never lose or misreport a change: {@link ApplyException#result()}
 * lists exactly the changes the kernel has, the failed ones with the kernel's reason, and the ones not
 * tried; applying again converges.
 */
class ApplyFaultTest {

    /** How the faulty transport misbehaves at its Nth change (counted over the whole apply). */
    enum Fault {
        /** The kernel refuses the change (ENOMEM); the others of the batch are still attempted. */
        REFUSE,
        /** The transport applies the changes before the Nth, then throws (a broken socket). */
        THROW,
        /** The kernel applies the change but its answer is lost: reported failed, outcome unknown. */
        LOSE_ANSWER
    }

    /** A transport over {@code kernel} (fake or real) whose batches misbehave at the {@code n}th change (0-based). */
    static IpvsTransport faulty(IpvsTransport kernel, Fault fault, int n) {
        int[] seen = {0};
        return (IpvsTransport) Proxy.newProxyInstance(IpvsTransport.class.getClassLoader(),
                new Class<?>[] {IpvsTransport.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("submit")) {
                        try {
                            return method.invoke(kernel, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                    @SuppressWarnings("unchecked")
                    List<Change> changes = (List<Change>) args[0];
                    List<BatchResult.Outcome> outcomes = new ArrayList<>();
                    for (Change c : changes) {
                        int index = seen[0]++;
                        IpvsException error = null;
                        if (index == n && fault == Fault.THROW) {
                            throw new IpvsException("netlink socket closed part-way through a batch", null);
                        } else if (index == n && fault == Fault.REFUSE) {
                            error = KernelErrors.fromErrno(Errno.ENOMEM, c.operation(), c.service(),
                                    c.realServer().orElse(null));
                        } else {
                            error = kernel.submit(List.of(c)).outcomes().get(0).error().orElse(null);
                            if (index == n && error == null) {
                                error = new IpvsException("outcome unknown, its answer was lost", ENOBUFS, c.operation(),
                                        c.service(), c.realServer().orElse(null), null);
                            }
                        }
                        outcomes.add(new BatchResult.Outcome(c, Optional.ofNullable(error)));
                    }
                    return new BatchResult(outcomes);
                });
    }

    static final int ENOBUFS = 105;

    record Case(IpvsConfig current, IpvsConfig desired, Fault fault, int at) {
    }

    static final Gen<Case> CASES = r -> new Case(ApplyConvergenceTest.TABLES.generate(r),
            ApplyConvergenceTest.TABLES.generate(r), Fault.values()[r.nextInt(Fault.values().length)], r.nextInt(40));

    @Test
    void aFaultPartWayIsReportedExactlyAndApplyingAgainConverges() {
        PropertyRunner.cases(400).forAll(CASES, c -> {
            FakeKernel kernel = kernelWith(c.current());
            IpvsConfig before = Ipvs.using(kernel).readConfig();
            Ipvs ipvs = Ipvs.using(faulty(kernel, c.fault(), c.at()));
            Reconciler reconciler = Reconciler.builder(ipvs).build();
            Plan plan = reconciler.plan(c.desired());

            if (c.fault() == Fault.LOSE_ANSWER) {
                // The change took effect although its answer was lost: read back, it counts as applied.
                ApplyResult result = reconciler.execute(plan);
                assertThat(result.succeeded()).isTrue();
                assertThat(result.applied()).containsExactlyElementsOf(plan.changes());
                assertThat(Ipvs.using(kernel).readConfig().normalized()).isEqualTo(c.desired().normalized());
                return;
            }
            ApplyException e = catchThrowableOfType(ApplyException.class, () -> reconciler.execute(plan));
            if (c.at() >= plan.size()) {
                assertThat(e).isNull(); // the fault was never reached
            } else {
                assertThat(e).as("apply with a %s at change %d of %d", c.fault(), c.at(), plan.size()).isNotNull();
                check(c, plan, e.result(), before, kernel);
            }
            ApplyResult again = Reconciler.builder(Ipvs.using(kernel)).build().apply(c.desired());
            assertThat(again.converged()).isTrue();
            assertThat(Ipvs.using(kernel).readConfig().normalized()).isEqualTo(c.desired().normalized());
        });
    }

    static void check(Case c, Plan plan, ApplyResult result, IpvsConfig before, IpvsTransport kernel) {
        Change faulted = plan.changes().get(c.at());
        // The kernel holds exactly the changes reported applied.
        assertThat(Ipvs.using(kernel).readConfig().normalized())
                .isEqualTo(ApplyTables.applied(before, result.applied()).normalized());
        // Every planned change is reported once: applied, failed or not tried.
        List<Change> reported = new ArrayList<>(result.applied());
        result.failed().forEach(o -> reported.add(o.change()));
        reported.addAll(result.notTried());
        assertThat(reported).containsExactlyInAnyOrderElementsOf(plan.changes());
        switch (c.fault()) {
            case REFUSE -> {
                assertThat(result.failed()).singleElement().satisfies(o -> {
                    assertThat(o.change()).isEqualTo(faulted);
                    assertThat(o.error().orElseThrow().errno()).isEqualTo(Errno.ENOMEM);
                });
                assertThat(result.applied()).doesNotContain(faulted);
            }
            case THROW -> {
                assertThat(result.applied()).doesNotContain(faulted);
                assertThat(result.failed()).extracting(BatchResult.Outcome::change).contains(faulted);
                assertThat(result.failed())
                        .allSatisfy(o -> assertThat(o.error().orElseThrow()).hasMessageContaining("socket closed"));
            }
            default -> throw new AssertionError(c.fault());
        }
        // Later phases were not tried.
        int phase = phase(faulted);
        assertThat(result.notTried()).allMatch(ch -> phase(ch) > phase);
        assertThat(result.notTried()).containsExactlyInAnyOrderElementsOf(
                plan.changes().stream().filter(ch -> phase(ch) > phase).toList());
    }

    private static int phase(Change c) {
        if (c instanceof Change.CreateService || c instanceof Change.UpdateService) {
            return 0;
        }
        if (c instanceof Change.CreateRealServer || c instanceof Change.UpdateRealServer) {
            return 1;
        }
        return c instanceof Change.RemoveRealServer ? 2 : 3;
    }
}
