package io.github.ipvs4j.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ipvs4j.internal.Errno;
import io.github.ipvs4j.model.AlreadyExistsException;
import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.model.IpvsOperation;
import io.github.ipvs4j.model.KernelException;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.ServiceNotFoundException;
import io.github.ipvs4j.model.VirtualService;
import org.junit.jupiter.api.Test;

class KernelErrorsTest {
    private static final ServiceKey WEB = ServiceKey.tcp("192.0.2.1", 80);

    private static VirtualService web(String scheduler) {
        return VirtualService.builder(WEB).scheduler(scheduler).build();
    }

    @Test
    void aMissingSchedulerModuleIsNamedWithTheNearestBuiltInOne() {
        for (IpvsOperation op : new IpvsOperation[] {IpvsOperation.CREATE_SERVICE, IpvsOperation.UPDATE_SERVICE}) {
            IpvsException e = KernelErrors.fromErrno(Errno.ENOENT, op, web("wrrr"));
            assertThat(e).isExactlyInstanceOf(KernelException.class).hasMessage(KernelErrors.describe(op, WEB, null)
                    + ": the kernel has no scheduler \"wrrr\" (module ip_vs_wrrr) (ENOENT); did you mean \"wrr\"?");
            assertThat(e.errno()).isEqualTo(Errno.ENOENT);
            assertThat(e.operation()).contains(op);
            assertThat(e.service()).contains(WEB);
            assertThat(e.realServer()).isEmpty();
        }
    }

    @Test
    void aBuiltInSchedulerTheKernelLacksGetsNoSuggestion() {
        assertThat(KernelErrors.fromErrno(Errno.ENOENT, IpvsOperation.CREATE_SERVICE, web("twos")))
                .hasMessage("create service TCP 192.0.2.1:80: the kernel has no scheduler \"twos\" (module ip_vs_twos)"
                        + " (ENOENT)");
    }

    @Test
    void aPersistenceEngineIsNamedToo() {
        VirtualService sip = VirtualService.builder(ServiceKey.udp("192.0.2.1", 5060)).scheduler("lbcl").persistence(60)
                .persistenceEngine("sipp").build();
        assertThat(KernelErrors.fromErrno(Errno.ENOENT, IpvsOperation.CREATE_SERVICE, sip)).hasMessage(
                "create service UDP 192.0.2.1:5060: the kernel has no scheduler \"lbcl\" (module ip_vs_lbcl)"
                        + " or no persistence engine \"sipp\" (module ip_vs_pe_sipp) (ENOENT); did you mean \"lblc\"?");
    }

    @Test
    void otherErrnosAndOperationsAreAsForTheKey() {
        assertThat(KernelErrors.fromErrno(Errno.EEXIST, IpvsOperation.CREATE_SERVICE, web("wrrr")))
                .isInstanceOf(AlreadyExistsException.class)
                .hasMessage("create service TCP 192.0.2.1:80: virtual service already exists (EEXIST)");
        assertThat(KernelErrors.fromErrno(Errno.ESRCH, IpvsOperation.UPDATE_SERVICE, web("wrrr")))
                .isInstanceOf(ServiceNotFoundException.class);
        assertThat(KernelErrors.fromErrno(Errno.ENOENT, IpvsOperation.GET_SERVICE, web("wrrr")))
                .hasMessage("get service TCP 192.0.2.1:80: not found (ENOENT)");
        assertThatThrownBy(() -> KernelErrors.fromErrno(Errno.ENOENT, IpvsOperation.CREATE_SERVICE, null))
                .isInstanceOf(NullPointerException.class).hasMessage("service");
    }

    @Test
    void suggestionsAreTheNearestBuiltInNamesWithinTwoEdits() {
        assertThat(KernelErrors.nearestBuiltInSchedulers("wrrr")).containsExactly("wrr");
        assertThat(KernelErrors.nearestBuiltInSchedulers("lbclr")).containsExactly("lblcr"); // a swap is one edit
        assertThat(KernelErrors.nearestBuiltInSchedulers("lblcrr")).containsExactly("lblcr");
        assertThat(KernelErrors.nearestBuiltInSchedulers("lbl")).containsExactly("lblc");
        assertThat(KernelErrors.nearestBuiltInSchedulers("wlcxx")).containsExactly("wlc");
        assertThat(KernelErrors.nearestBuiltInSchedulers("twoes")).containsExactly("twos");
        assertThat(KernelErrors.nearestBuiltInSchedulers("rwr"))
                .containsExactly("rr", "wrr"); // ties, in BUILT_IN order
        assertThat(KernelErrors.nearestBuiltInSchedulers("xy")).isEmpty(); // two edits from rr: too far for short names
        assertThat(KernelErrors.nearestBuiltInSchedulers("abc")).isEmpty();
        assertThat(KernelErrors.nearestBuiltInSchedulers("maglev")).isEmpty();
        for (Scheduler s : Scheduler.BUILT_IN) {
            assertThat(KernelErrors.nearestBuiltInSchedulers(s.name())).as(s.name()).isEmpty();
        }
    }
}
