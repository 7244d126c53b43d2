package io.github.ipvs4j.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.spi.TransportOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A transport opened inside another network namespace manages that namespace's own IPVS table. */
class NamespaceKernelIT extends KernelSupport {

    @BeforeEach
    void createNamespace() {
        shell("ip netns del ipvs4j-ns1");
        sh("ip netns add ipvs4j-ns1 && ip -n ipvs4j-ns1 link set lo up");
    }

    @AfterEach
    void deleteNamespace() {
        sh("ip netns del ipvs4j-ns1");
    }

    @Test
    void servicesLiveInTheNamespace() {
        try (NetlinkTransport inside = NetlinkTransport.open(TransportOptions.DEFAULTS
                .withNetworkNamespace("ipvs4j-ns1"))) {
            VirtualService s = VirtualService.builder(ServiceKey.tcp("192.0.2.77", 80)).build();
            inside.createService(s);
            inside.createRealServer(s.key(), RealServer.builder("198.51.100.2", 80)
                    .forwarding(io.github.ipvs4j.model.ForwardingMethod.NAT).build());
            assertThat(inside.listServiceStatus()).hasSize(1);
            assertThat(transport.listServiceStatus()).isEmpty();
            assertThat(sh("ip netns exec ipvs4j-ns1 ipvsadm -Sn")).contains("-A -t 192.0.2.77:80 -s wlc");
            assertThat(sh("ipvsadm -Sn")).doesNotContain("192.0.2.77");
            assertThat(inside.listConnections()).isEmpty();
            // Several sockets (threads) of the namespaced transport all see the namespace.
            Thread[] threads = new Thread[6];
            for (int i = 0; i < threads.length; i++) {
                threads[i] = new Thread(() -> assertThat(inside.listServiceStatus()).hasSize(1));
                threads[i].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            inside.flush();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aPathThatIsNoNamespaceIsAClearError() {
        assertThatThrownBy(() -> NetlinkTransport.open(TransportOptions.DEFAULTS.withNetworkNamespace("/etc/hostname")))
                .isInstanceOf(IpvsException.class).hasMessageContaining("/etc/hostname");
        assertThatThrownBy(() -> NetlinkTransport.open(TransportOptions.DEFAULTS.withNetworkNamespace("nosuchns")))
                .isInstanceOf(IpvsException.class).hasMessageContaining("/run/netns/nosuchns");
    }
}
