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
 * The LVS-DR cluster of the classic tutorials: a director takes clients on the virtual IP, port 80,
 * and hands each connection by direct routing (a MAC rewrite) to one of three web servers, which
 * answer the clients themselves; weighted round robin gives the bigger servers more clients.
 *
 * <p>Each real server also carries the VIP on {@code lo} with {@code arp_ignore=1} and
 * {@code arp_announce=2}, so it accepts the packets without answering ARP for the VIP; that part is
 * the servers' own configuration, not the director's table: their preflight's fix makes it.
 *
 * <p>Run: {@code examples/bin/lvs-dr} (fake kernel and hosts) or {@code examples/bin/lvs-dr --real
 * [--interface IF] [--real-server-netns NAME]...} (as root).
 */
public final class LvsDrCluster {
    /** The virtual IP clients connect to. */
    static final String VIP = "192.0.2.100";

    private LvsDrCluster() {
    }

    /** The director's table: the VIP on TCP port 80, wrr, three real servers by direct routing. */
    static IpvsConfig table() {
        VirtualService web = VirtualService.builder(ServiceKey.tcp(VIP, 80)).scheduler(Scheduler.WRR).build();
        return IpvsConfig.of(ServiceConfig.of(web,
                RealServer.builder("192.0.2.11", 80).forwarding(ForwardingMethod.DR).weight(1).build(),
                RealServer.builder("192.0.2.12", 80).forwarding(ForwardingMethod.DR).weight(2).build(),
                RealServer.builder("192.0.2.13", 80).forwarding(ForwardingMethod.DR).weight(3).build()));
    }

    /**
     * The machines out of the box: director and real servers on one network, 192.0.2.0/24; the real
     * servers' default route is not the director (their replies go to the clients directly).
     */
    static Cluster.Site site() {
        return new Cluster.Site(ForwardingMethod.DR, List.of("192.0.2.1/24"), "192.0.2.11/24", Optional.empty());
    }

    /** Entry point; see {@code --help}. */
    public static void main(String[] args) {
        Cluster.Options options = Cluster.parse("lvs-dr", args);
        System.exit(Cluster.run("LVS-DR cluster: VIP " + VIP + ":80, wrr, direct routing", table(), site(), options,
                System.out));
    }
}
