package io.github.ipvs4j.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ipvs4j.internal.Errno;
import io.github.ipvs4j.model.Change;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.RealServerStatus;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.Stats;
import io.github.ipvs4j.model.VirtualService;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableModelTest {
    private static final VirtualService WEB = VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80)).build();
    private static final VirtualService DNS = VirtualService.builder(ServiceKey.udp("192.0.2.1", 53)).build();
    private static final RealServer RS1 = RealServer.builder("192.0.2.11", 80).weight(1).build();
    private static final RealServer RS2 = RealServer.builder("192.0.2.12", 80).weight(2).build();

    private static TableModel webWith(RealServer... servers) {
        TableModel t = new TableModel();
        assertThat(t.apply(new Change.CreateService(WEB))).isZero();
        for (RealServer rs : servers) {
            assertThat(t.apply(new Change.CreateRealServer(WEB.key(), rs))).isZero();
        }
        return t;
    }

    @Test
    void newRealServersGoFirstAndServicesKeepCreationOrder() {
        TableModel t = webWith(RS1, RS2);
        assertThat(t.apply(new Change.CreateService(DNS))).isZero();
        assertThat(t.toConfig()).isEqualTo(IpvsConfig.of(ServiceConfig.of(WEB, RS2, RS1), ServiceConfig.of(DNS)));
        assertThat(t.realServers(WEB.key())).extracting(RealServerStatus::server).containsExactly(RS2, RS1);
        assertThat(t.service(DNS.key())).contains(DNS);
    }

    @Test
    void answersTheKernelsErrnosAndChangesNothingWhenItRefuses() {
        TableModel t = webWith(RS1);
        IpvsConfig before = t.toConfig();
        ServiceKey missing = DNS.key();
        assertThat(t.apply(new Change.CreateService(WEB.toBuilder().scheduler(Scheduler.RR).build())))
                .isEqualTo(Errno.EEXIST);
        assertThat(t.apply(new Change.UpdateService(DNS))).isEqualTo(Errno.ESRCH);
        assertThat(t.apply(new Change.RemoveService(missing))).isEqualTo(Errno.ESRCH);
        assertThat(t.apply(new Change.CreateRealServer(missing, RS1))).isEqualTo(Errno.ESRCH);
        assertThat(t.apply(new Change.UpdateRealServer(missing, RS1))).isEqualTo(Errno.ESRCH);
        assertThat(t.apply(new Change.RemoveRealServer(missing, RS1.endpoint()))).isEqualTo(Errno.ESRCH);
        assertThat(t.apply(new Change.CreateRealServer(WEB.key(), RS1.toBuilder().weight(5).build())))
                .isEqualTo(Errno.EEXIST);
        assertThat(t.apply(new Change.UpdateRealServer(WEB.key(), RS2))).isEqualTo(Errno.ENOENT);
        assertThat(t.apply(new Change.RemoveRealServer(WEB.key(), RS2.endpoint()))).isEqualTo(Errno.ENOENT);
        assertThat(t.toConfig()).isEqualTo(before);
    }

    @Test
    void updatesInPlaceKeepingCountsAndRemoves() {
        TableModel t = TableModel.observed(List.of(new Planner.Observed(WEB, List.of(
                new RealServerStatus(RS1, 7, 3, 1, Stats.ZERO), new RealServerStatus(RS2, 2, 0, 0, Stats.ZERO)))));
        RealServer heavier = RS1.toBuilder().weight(9).build();
        assertThat(t.apply(new Change.UpdateRealServer(WEB.key(), heavier))).isZero();
        assertThat(t.realServers(WEB.key())).containsExactly(new RealServerStatus(heavier, 7, 3, 1, Stats.ZERO),
                new RealServerStatus(RS2, 2, 0, 0, Stats.ZERO));
        assertThat(t.apply(new Change.RemoveRealServer(WEB.key(), RS2.endpoint()))).isZero();
        VirtualService rr = WEB.toBuilder().scheduler(Scheduler.RR).build();
        assertThat(t.apply(new Change.UpdateService(rr))).isZero();
        assertThat(t.toConfig()).isEqualTo(IpvsConfig.of(ServiceConfig.of(rr, heavier)));
        assertThat(t.apply(new Change.RemoveService(WEB.key()))).isZero();
        assertThat(t.toConfig()).isEqualTo(IpvsConfig.EMPTY);
    }

    @Test
    void whatItHandsOutIsNotChangedByLaterChanges() {
        TableModel t = webWith(RS1);
        List<RealServerStatus> read = t.realServers(WEB.key());
        List<Planner.Observed> observed = t.observed();
        assertThat(t.apply(new Change.CreateRealServer(WEB.key(), RS2))).isZero();
        assertThat(t.apply(new Change.RemoveRealServer(WEB.key(), RS1.endpoint()))).isZero();
        assertThat(read).extracting(RealServerStatus::server).containsExactly(RS1);
        assertThat(observed.get(0).realServers()).extracting(RealServerStatus::server).containsExactly(RS1);
        assertThat(t.realServers(WEB.key())).extracting(RealServerStatus::server).containsExactly(RS2);
        assertThatThrownBy(() -> t.realServers(WEB.key()).clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void ofTakesTheGivenOrderWithZeroCounts() {
        TableModel t = TableModel.of(IpvsConfig.of(ServiceConfig.of(WEB, RS1, RS2)));
        assertThat(t.realServers(WEB.key())).containsExactly(new RealServerStatus(RS1, 0, 0, 0, Stats.ZERO),
                new RealServerStatus(RS2, 0, 0, 0, Stats.ZERO));
        assertThat(t.realServers(DNS.key())).isEmpty();
        assertThat(t.service(DNS.key())).isEmpty();
        t.clear();
        assertThat(t.toConfig()).isEqualTo(IpvsConfig.EMPTY);
    }

    @Test
    void tellsWhetherAChangeIsInEffect() {
        TableModel t = webWith(RS1);
        RealServer heavier = RS1.toBuilder().weight(9).build();
        assertThat(t.inEffect(new Change.CreateService(WEB))).isTrue();
        assertThat(t.inEffect(new Change.UpdateService(WEB.toBuilder().scheduler(Scheduler.RR).build()))).isFalse();
        assertThat(t.inEffect(new Change.CreateService(DNS))).isFalse();
        assertThat(t.inEffect(new Change.RemoveService(DNS.key()))).isTrue();
        assertThat(t.inEffect(new Change.RemoveService(WEB.key()))).isFalse();
        assertThat(t.inEffect(new Change.CreateRealServer(WEB.key(), RS1))).isTrue();
        assertThat(t.inEffect(new Change.UpdateRealServer(WEB.key(), heavier))).isFalse();
        assertThat(t.inEffect(new Change.CreateRealServer(DNS.key(), RS1))).isFalse();
        assertThat(t.inEffect(new Change.RemoveRealServer(WEB.key(), RS2.endpoint()))).isTrue();
        assertThat(t.inEffect(new Change.RemoveRealServer(WEB.key(), RS1.endpoint()))).isFalse();
        assertThat(t.apply(new Change.UpdateRealServer(WEB.key(), heavier))).isZero();
        assertThat(t.inEffect(new Change.UpdateRealServer(WEB.key(), heavier))).isTrue();
    }
}
