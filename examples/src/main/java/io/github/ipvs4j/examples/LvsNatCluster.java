package io.github.ipvs4j.examples;

import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualService;
import java.util.List;
import java.util.Optional;

/**
 * The LVS-NAT cluster of the classic tutorials: the director is the real servers' gateway; clients
 * connect to its address on port 81 and it masquerades each connection to one of two application
 * servers listening on port 10000, rewriting the replies on their way back.
 *
 * <p>The director also needs {@code net.ipv4.ip_forward=1} (its preflight's fix sets it); the real
 * servers route through it.
 *
 * <p>Run: {@code examples/bin/lvs-nat} (fake kernel and hosts) or {@code examples/bin/lvs-nat --real
 * [--interface IF] [--real-server-netns NAME]...} (as root).
 */
public final class LvsNatCluster {
    /** The director's public address. */
    static final String VIP = "203.0.113.152";

    private LvsNatCluster() {
    }

    /** The director's table: TCP port 81, wrr, two real servers on port 10000, masquerading. */
    static IpvsConfig table() {
        VirtualService app = VirtualService.builder(ServiceKey.tcp(VIP, 81)).scheduler(Scheduler.WRR).build();
        return IpvsConfig.of(ServiceConfig.of(app,
                RealServer.builder("198.51.100.153", 10000).forwarding(ForwardingMethod.NAT).weight(1).build(),
                RealServer.builder("198.51.100.154", 10000).forwarding(ForwardingMethod.NAT).weight(1).build()));
    }

    /**
     * The machines out of the box: the director between the clients' network (203.0.113.0/24, eth0) and
     * the real servers' (198.51.100.0/24, eth1), which is their default gateway.
     */
    static Cluster.Site site() {
        return new Cluster.Site(ForwardingMethod.NAT, List.of("203.0.113.1/24", "198.51.100.1/24"),
                "198.51.100.153/24", Optional.of("198.51.100.1"));
    }

    /** Entry point; see {@code --help}. */
    public static void main(String[] args) {
        Cluster.Options options = Cluster.parse("lvs-nat", args);
        System.exit(Cluster.run("LVS-NAT cluster: " + VIP + ":81 -> port 10000, wrr, masquerading", table(),
                site(), options, System.out));
    }
}
