package io.github.ipvs4j.benchmarks;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualService;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark tables: {@code services} TCP services on 198.18.0.0/15 (port 80, wrr), each with
 * {@code perService} NAT real servers spread over 198.51.100.0/24 and 203.0.113.0/24, ports making
 * them unique. Deterministic, so every tool loads exactly the same table.
 */
public final class Tables {
    /** Real-server hosts used per documentation /24 (1..250; .251 and up stay free for the director). */
    static final int HOSTS_PER_NET = 250;

    private Tables() {
    }

    /** The table with {@code services} services of {@code perService} real servers each. */
    public static IpvsConfig generate(int services, int perService) {
        List<ServiceConfig> out = new ArrayList<>(services);
        for (int i = 0; i < services; i++) {
            out.add(service(i, perService, 1));
        }
        return new IpvsConfig(out);
    }

    /**
     * The table after a 1% change: of {@code max(3, services / 100)} services, a third are new
     * (appended after the last), a third are deleted (the first ones) and a third get every real
     * server's weight changed (from the middle of the table).
     */
    public static IpvsConfig changed(int services, int perService) {
        int third = Math.max(1, services / 100 / 3);
        List<ServiceConfig> out = new ArrayList<>(services);
        int middle = services / 2;
        for (int i = third; i < services; i++) {
            boolean reweighted = i >= middle && i < middle + third;
            out.add(service(i, perService, reweighted ? 2 : 1));
        }
        for (int i = services; i < services + third; i++) {
            out.add(service(i, perService, 1));
        }
        return new IpvsConfig(out);
    }

    /** Service number {@code i}, its real servers all of weight {@code weight}. */
    static ServiceConfig service(int i, int perService, int weight) {
        VirtualService vs = VirtualService.builder(ServiceKey.tcp(Addresses.format(serviceAddress(i)), 80))
                .scheduler(Scheduler.WRR).build();
        List<RealServer> servers = new ArrayList<>(perService);
        for (int j = 0; j < perService; j++) {
            int n = i * perService + j;
            servers.add(RealServer.builder(realServerAddress(n), realServerPort(n)).weight(weight)
                    .forwarding(ForwardingMethod.NAT).build());
        }
        return new ServiceConfig(vs, servers);
    }

    /** 198.18.0.0 + i (the /15 holds 131,072 addresses). */
    static InetAddress serviceAddress(int i) {
        if (i < 0 || i >= 1 << 17) {
            throw new IllegalArgumentException("service number out of 198.18.0.0/15: " + i);
        }
        int a = (198 << 24) | (18 << 16) | i;
        return Addresses.fromBytes(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a});
    }

    /** Real server number {@code n} counts through 500 hosts, then moves to the next port. */
    static InetAddress realServerAddress(int n) {
        int host = n % (2 * HOSTS_PER_NET);
        return host < HOSTS_PER_NET
                ? Addresses.fromBytes(new byte[] {(byte) 198, 51, 100, (byte) (host + 1)})
                : Addresses.fromBytes(new byte[] {(byte) 203, 0, 113, (byte) (host - HOSTS_PER_NET + 1)});
    }

    static int realServerPort(int n) {
        return 1024 + (n / (2 * HOSTS_PER_NET)) % 60000;
    }
}
