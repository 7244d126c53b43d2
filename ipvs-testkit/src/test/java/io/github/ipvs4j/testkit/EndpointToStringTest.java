package io.github.ipvs4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.Protocol;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualService;
import org.junit.jupiter.api.Test;

/** What the fake kernel's traffic API hands out prints endpoints without InetSocketAddress's slash. */
class EndpointToStringTest {
    private final FakeKernel kernel = FakeKernel.create();
    private final Ipvs ipvs = Ipvs.using(kernel);

    @Test
    void connectResultsClientsAndConnections() {
        ServiceKey web = ServiceKey.tcp("192.0.2.1", 80);
        ipvs.createService(VirtualService.builder(web).build());
        ipvs.createRealServer(web, RealServer.builder("198.51.100.1", 8080).forwarding(ForwardingMethod.NAT).build());
        ConnectResult r = kernel.connect(Protocol.TCP, Addresses.parse("203.0.113.5"), 40000,
                Addresses.parse("192.0.2.1"), 80);
        assertThat(r).hasToString("203.0.113.5 40000 -> 198.51.100.1 8080");
        assertThat(r.client()).hasToString("tcp 203.0.113.5:40000 -> 192.0.2.1:80");
        assertThat(ipvs.listConnections()).singleElement().asString()
                .startsWith("TCP 203.0.113.5:40000 -> 192.0.2.1:80 -> 198.51.100.1:8080 ");
    }

    @Test
    void ipv6() {
        ServiceKey web = ServiceKey.tcp("2001:db8::1", 80);
        ipvs.createService(VirtualService.builder(web).build());
        ipvs.createRealServer(web, RealServer.builder("2001:db8::11", 80).forwarding(ForwardingMethod.NAT).build());
        ConnectResult r = kernel.connect(Protocol.TCP, Addresses.parse("2001:db8:1::5"), 40000,
                Addresses.parse("2001:db8::1"), 80);
        assertThat(r).hasToString("2001:db8:1::5 40000 -> 2001:db8::11 80");
        assertThat(r.client()).hasToString("tcp [2001:db8:1::5]:40000 -> [2001:db8::1]:80");
        assertThat(ipvs.listConnections()).singleElement().asString()
                .startsWith("TCP [2001:db8:1::5]:40000 -> [2001:db8::1]:80 -> [2001:db8::11]:80 ");
    }
}
