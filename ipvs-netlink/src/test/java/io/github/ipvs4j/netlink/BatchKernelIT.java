package io.github.ipvs4j.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ipvs4j.model.AlreadyExistsException;
import io.github.ipvs4j.model.BatchResult;
import io.github.ipvs4j.model.Change;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.RealServerNotFoundException;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.ServiceNotFoundException;
import io.github.ipvs4j.model.VirtualService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Batches and concurrent use on the real kernel. */
class BatchKernelIT extends KernelSupport {

    @Test
    void aFailingRequestInTheMiddleDoesNotStopTheOthers() {
        VirtualService a = VirtualService.builder(ServiceKey.tcp("192.0.2.10", 80)).build();
        VirtualService b = VirtualService.builder(ServiceKey.tcp("192.0.2.11", 80)).build();
        RealServer rs = RealServer.builder("198.51.100.2", 80).forwarding(io.github.ipvs4j.model.ForwardingMethod.NAT)
                .build();
        List<Change> changes = List.of(
                new Change.CreateService(a),
                new Change.CreateRealServer(a.key(), rs),
                new Change.CreateService(a), // EEXIST
                new Change.CreateRealServer(b.key(), rs), // ESRCH: b does not exist yet
                new Change.RemoveRealServer(a.key(),
                        RealServer.builder("198.51.100.9", 80).build().endpoint()), // ENOENT
                new Change.CreateService(b),
                new Change.CreateRealServer(b.key(), rs),
                new Change.UpdateRealServer(b.key(), rs.toBuilder().weight(5).build()),
                new Change.UpdateService(b.toBuilder().scheduler("rr").build()),
                new Change.RemoveService(a.key()));
        BatchResult result = transport.submit(changes);
        assertThat(result.outcomes()).hasSize(changes.size());
        assertThat(result.outcomes()).extracting(BatchResult.Outcome::succeeded)
                .containsExactly(true, true, false, false, false, true, true, true, true, true);
        assertThat(result.outcomes().get(2).error()).containsInstanceOf(AlreadyExistsException.class);
        assertThat(result.outcomes().get(3).error().orElseThrow()).isInstanceOf(ServiceNotFoundException.class)
                .hasMessageContaining("192.0.2.11");
        assertThat(result.outcomes().get(4).error()).containsInstanceOf(RealServerNotFoundException.class);
        assertThat(transport.getServiceStatus(a.key())).isEmpty();
        assertThat(transport.getServiceStatus(b.key()).orElseThrow().service().scheduler().name()).isEqualTo("rr");
        assertThat(transport.listRealServerStatus(b.key()).get(0).server().weight()).isEqualTo(5);
    }

    /** Many windows of pipelined requests: 500 services with 4 real servers each, then removed. */
    @Test
    void aLargeBatchIsAppliedCompletely() {
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            VirtualService s = VirtualService.builder(ServiceKey.tcp("192.0.2." + (1 + i / 250), 1000 + i % 250))
                    .build();
            changes.add(new Change.CreateService(s));
            for (int r = 0; r < 4; r++) {
                changes.add(new Change.CreateRealServer(s.key(), RealServer.builder("198.51.100." + (2 + r), 80 + i)
                        .build()));
            }
        }
        long start = System.nanoTime();
        BatchResult result = transport.submit(changes);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("batch of " + changes.size() + " changes: " + millis + " ms");
        assertThat(result.failures()).isEmpty();
        assertThat(transport.listServiceStatus()).hasSize(500)
                .allSatisfy(s -> assertThat(transport.listRealServerStatus(s.service().key())).hasSize(4));
        List<Change> deletes = new ArrayList<>();
        for (Change c : changes) {
            if (c instanceof Change.CreateService cs) {
                deletes.add(new Change.RemoveService(cs.service()));
            }
        }
        assertThat(transport.submit(deletes).allSucceeded()).isTrue();
        assertThat(transport.listServiceStatus()).isEmpty();
    }

    @Test
    void manyThreadsAtOnce() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        VirtualService s = VirtualService.builder(ServiceKey.udp("192.0.2." + (10 + id), 2000 + i))
                                .build();
                        transport.createService(s);
                        RealServer rs = RealServer.builder("198.51.100." + (2 + id), 53).build();
                        transport.createRealServer(s.key(), rs);
                        assertThat(transport.listRealServerStatus(s.key())).hasSize(1);
                        if (i % 10 == 0) {
                            transport.listServiceStatus();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(transport.listServiceStatus()).hasSize(threads * 40);
    }
}
