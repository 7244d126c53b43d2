package io.github.ipvs4j.benchmarks;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.model.Protocol;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.testkit.Client;
import io.github.ipvs4j.testkit.ConnectResult;
import io.github.ipvs4j.testkit.FakeKernel;
import io.github.ipvs4j.testkit.scheduler.Packet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whole fake-kernel decisions per second: {@link FakeKernel#connect(Client)} for a new UDP client
 * of a one-packet service (connection lookup, service lookup, the scheduler, the connection entry
 * made and released at once), so the table stays empty however long it runs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class FakeKernelConnectBenchmark {
    @Param({"rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos"})
    String scheduler;

    private FakeKernel kernel;
    private Client[] clients;
    private int next;

    @Setup
    public void setUp() {
        kernel = FakeKernel.create();
        Ipvs ipvs = Ipvs.using(kernel);
        VirtualService vs = VirtualService.builder(ServiceKey.udp("198.18.0.1", 80)).scheduler(Scheduler.of(scheduler))
                .onePacket(true).build();
        ipvs.createService(vs);
        for (int j = 0; j < 8; j++) {
            ipvs.createRealServer(vs.key(), RealServer.builder("198.51.100." + (j + 1), 8080).weight(1 + j % 4)
                    .build());
        }
        Packet[] packets = SchedulerBenchmark.clients();
        clients = new Client[packets.length];
        for (int i = 0; i < packets.length; i++) {
            Packet p = packets[i];
            clients[i] = new Client(Protocol.UDP, p.sourceAddress(), p.sourcePort(), p.destinationAddress(),
                    p.destinationPort(), 0);
        }
    }

    @Benchmark
    public ConnectResult connect() {
        Client c = clients[next];
        next = (next + 1) & (SchedulerBenchmark.CLIENTS - 1);
        return kernel.connect(c);
    }
}
