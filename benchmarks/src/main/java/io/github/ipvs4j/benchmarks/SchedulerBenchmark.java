package io.github.ipvs4j.benchmarks;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.SchedulerFlag;
import io.github.ipvs4j.testkit.scheduler.Destination;
import io.github.ipvs4j.testkit.scheduler.Packet;
import io.github.ipvs4j.testkit.scheduler.Schedulers;
import io.github.ipvs4j.testkit.scheduler.SchedulingAlgorithm;
import io.github.ipvs4j.testkit.scheduler.ServiceContext;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
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
 * Scheduling decisions per second of the fake kernel's schedulers, called directly (one thread, one
 * service of 8 real servers with weights 1..4, 4,096 distinct clients in turn): the decision alone,
 * without the connection table around it (see {@link FakeKernelConnectBenchmark} for that).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class SchedulerBenchmark {
    static final int CLIENTS = 4096;

    @Param({"rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos"})
    String scheduler;

    private SchedulingAlgorithm algorithm;
    private Context service;
    private Packet[] packets;
    private int next;

    @Setup
    public void setUp() {
        service = new Context();
        for (int j = 0; j < 8; j++) {
            Destination d = new Destination(RealServer.builder("198.51.100." + (j + 1), 8080).weight(1 + j % 4)
                    .build());
            d.configure(d.config(), true);
            service.destinations.add(0, d); // the kernel adds at the head
        }
        algorithm = Schedulers.create(Scheduler.of(scheduler), 4093);
        algorithm.init(service);
        packets = clients();
    }

    /** 4,096 clients from 203.0.113.0/24 and 192.0.2.0/24 with varied ports, to a virtual service. */
    static Packet[] clients() {
        InetAddress vip = Addresses.parse("198.18.0.1");
        Random random = new Random(42);
        Packet[] out = new Packet[CLIENTS];
        for (int i = 0; i < CLIENTS; i++) {
            InetAddress src = Addresses.fromBytes(i % 2 == 0
                    ? new byte[] {(byte) 203, 0, 113, (byte) random.nextInt(256)}
                    : new byte[] {(byte) 192, 0, 2, (byte) random.nextInt(256)});
            out[i] = new Packet(src, 1024 + random.nextInt(60000), vip, 80);
        }
        return out;
    }

    @Benchmark
    public Destination schedule() {
        Packet p = packets[next];
        next = (next + 1) & (CLIENTS - 1);
        return algorithm.schedule(service, p);
    }

    /** A service as a scheduler sees it: a fixed destination list, no flags, a fixed clock. */
    static final class Context implements ServiceContext {
        final List<Destination> destinations = new ArrayList<>();
        private final RandomGenerator random = new SplittableRandom(7);

        @Override
        public List<Destination> destinations() {
            return destinations;
        }

        @Override
        public boolean ipv6() {
            return false;
        }

        @Override
        public boolean hasFlag(SchedulerFlag flag) {
            return false;
        }

        @Override
        public long nowMillis() {
            return 1_000;
        }

        @Override
        public RandomGenerator random() {
            return random;
        }
    }
}
