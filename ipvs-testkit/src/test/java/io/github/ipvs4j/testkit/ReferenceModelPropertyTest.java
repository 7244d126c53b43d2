package io.github.ipvs4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ipvs4j.apply.TableModel;
import io.github.ipvs4j.internal.Errno;
import io.github.ipvs4j.model.Change;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.RealServerStatus;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.model.VirtualServiceStatus;
import io.github.ipvs4j.testkit.gen.Action;
import io.github.ipvs4j.testkit.gen.Gen;
import io.github.ipvs4j.testkit.gen.IpvsGenerators;
import io.github.ipvs4j.testkit.gen.PropertyRunner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Any sequence of changes gives the same results and errors on the fake as on a plain model of what
 * ip_vs_ctl.c accepts, written separately here.
 */
class ReferenceModelPropertyTest {

    /** The model: the table model, which also refuses a service whose scheduler the kernel lacks (ENOENT). */
    static class Model {
        final List<Scheduler> schedulers;
        final TableModel table = new TableModel();

        Model(List<Scheduler> schedulers) {
            this.schedulers = schedulers;
        }

        int apply(Change change) {
            boolean exists = table.service(change.service()).isPresent();
            VirtualService definition = change instanceof Change.CreateService c && !exists ? c.definition()
                    : change instanceof Change.UpdateService c && exists ? c.definition() : null;
            if (definition != null && !schedulers.contains(definition.scheduler())) {
                return Errno.ENOENT;
            }
            return table.apply(change);
        }
    }

    record State(FakeKernel kernel, Model model) {
    }

    /** One change, applied to both and compared. */
    record Step(Change change) implements Action<State> {
        @Override
        public void run(State s) {
            int expected = s.model.apply(change);
            int actual = s.kernel.submit(List.of(change)).outcomes().get(0).error().map(IpvsException::errno)
                    .orElse(0);
            assertThat(actual).as("errno of %s", change).isEqualTo(expected);
            List<VirtualService> fakeServices = new ArrayList<>();
            for (VirtualServiceStatus st : s.kernel.listServiceStatus()) {
                fakeServices.add(st.service());
                List<RealServer> fakeServers = s.kernel.listRealServerStatus(st.service().key()).stream()
                        .map(RealServerStatus::server).toList();
                assertThat(fakeServers).as("real servers of %s", st.service().key())
                        .isEqualTo(s.model.table.realServers(st.service().key()).stream()
                                .map(RealServerStatus::server).toList());
            }
            assertThat(fakeServices).containsExactlyInAnyOrderElementsOf(s.model.table.toConfig().services().stream()
                    .map(ServiceConfig::service).toList());
        }

        @Override
        public String toString() {
            return change.toString();
        }
    }

    @Test
    void fakeAgreesWithTheModelOnEverySequence() {
        // Debian's kernel lacks twos, so generated twos services exercise ENOENT too.
        List<Scheduler> all = new ArrayList<>(Scheduler.BUILT_IN);
        all.add(Scheduler.of("nosuch"));
        Gen<Step> steps = IpvsGenerators.changes(all).map(Step::new);
        PropertyRunner.cases(300).stateful(
                () -> new State(FakeKernel.builder().debian61().build(), new Model(FakeKernel.DEBIAN_6_1_SCHEDULERS)),
                steps, 60);
    }

    @Test
    void sequencesBiasedToBuildAlsoAgree() {
        PropertyRunner.cases(200).forAll(IpvsGenerators.changeSequences(Scheduler.BUILT_IN, 80), changes -> {
            State s = new State(FakeKernel.create(), new Model(Scheduler.BUILT_IN));
            for (Change c : changes) {
                new Step(c).run(s);
            }
        });
    }

    @Test
    void theRunnerShrinksAFailingSequenceAndNamesItsSeed() {
        // A deliberately wrong model (it thinks nothing ever exists) must be caught and shrunk.
        Gen<Step> steps = IpvsGenerators.changes(Scheduler.BUILT_IN).map(Step::new);
        Throwable failure = null;
        try {
            PropertyRunner.cases(50).seed(42).stateful(() -> new State(FakeKernel.create(), new Model(Scheduler.BUILT_IN) {
                @Override
                int apply(Change change) {
                    return change instanceof Change.CreateService ? super.apply(change) : Errno.ESRCH;
                }
            }), steps, 40);
        } catch (AssertionError e) {
            failure = e;
        }
        assertThat(failure).isNotNull();
        assertThat(failure.getMessage()).contains("-Dipvs4j.seed=").contains("after shrinking");
        // A minimal counterexample needs a create and one more step.
        assertThat(failure.getMessage().lines().filter(l -> l.startsWith("  ")).count()).isEqualTo(2);
    }

    @Test
    void mixedFamilyWithoutTunnelIsRefusedByTheModelTypesAlready() {
        // Change records refuse what the kernel would answer with EINVAL, so the model needs no rule.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Change.CreateRealServer(
                ServiceKey.tcp("192.0.2.1", 80),
                RealServer.builder("2001:db8::5", 80).forwarding(ForwardingMethod.NAT).build()))
                .isInstanceOf(io.github.ipvs4j.model.InvalidConfigurationException.class);
    }
}
