package io.github.ipvs4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ipvs4j.apply.Draining;
import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.internal.Errno;
import io.github.ipvs4j.spi.KernelErrors;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Public values print endpoints as {@code 192.0.2.1:80} and {@code [2001:db8::1]:80}, never {@code /192.0.2.1:80}. */
class EndpointToStringTest {
    private static final ServiceKey WEB = ServiceKey.tcp("192.0.2.1", 80);
    private static final ServiceKey WEB6 = ServiceKey.tcp("2001:db8::1", 80);

    private static InetSocketAddress endpoint(String address, int port) {
        return new InetSocketAddress(Addresses.parse(address), port);
    }

    @Test
    void removingARealServer() {
        Change remove = new Change.RemoveRealServer(WEB, endpoint("198.51.100.1", 80));
        assertThat(remove).hasToString("RemoveRealServer[service=TCP 192.0.2.1:80, endpoint=198.51.100.1:80]");
        assertThat(new Change.RemoveRealServer(WEB6, endpoint("2001:db8::11", 8080)))
                .hasToString("RemoveRealServer[service=TCP [2001:db8::1]:80, endpoint=[2001:db8::11]:8080]");
    }

    @Test
    void batchOutcomes() {
        Change remove = new Change.RemoveRealServer(WEB, endpoint("198.51.100.1", 80));
        BatchResult r = new BatchResult(List.of(BatchResult.Outcome.failed(remove, KernelErrors.fromErrno(Errno.ENOENT,
                remove.operation(), WEB, remove.realServer().orElseThrow()))));
        assertThat(r.toString()).contains("endpoint=198.51.100.1:80]")
                .contains("remove real server TCP 192.0.2.1:80 -> 198.51.100.1:80: no such real server (ENOENT)")
                .doesNotContain("/");
    }

    @Test
    void draining() {
        Draining d = new Draining(WEB6, endpoint("2001:db8::11", 80), 3, Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(d).hasToString("Draining[service=TCP [2001:db8::1]:80, endpoint=[2001:db8::11]:80,"
                + " activeConnections=3, since=2026-01-02T03:04:05Z]");
        assertThat(new Draining(WEB, endpoint("198.51.100.1", 80), 0, Instant.EPOCH).toString())
                .contains("endpoint=198.51.100.1:80,");
    }

    @Test
    void connections() {
        Connection c = new Connection(Protocol.TCP, Addresses.parse("203.0.113.5"), 40000, Addresses.parse("192.0.2.1"),
                80, Addresses.parse("198.51.100.1"), 8080, "ESTABLISHED", 899);
        assertThat(c)
                .hasToString("TCP 203.0.113.5:40000 -> 192.0.2.1:80 -> 198.51.100.1:8080 ESTABLISHED expires in 899 s");
        Connection c6 = new Connection(Protocol.UDP, Addresses.parse("2001:db8:1::5"), 53,
                Addresses.parse("2001:db8::1"), 53, Addresses.parse("2001:db8::11"), 53, "UDP", 10);
        assertThat(c6)
                .hasToString("UDP [2001:db8:1::5]:53 -> [2001:db8::1]:53 -> [2001:db8::11]:53 UDP expires in 10 s");
    }

    @Test
    void syncDaemons() {
        SyncDaemon d = new SyncDaemon(SyncDaemon.Role.BACKUP, "eth0", 7, 1500,
                Optional.of(Addresses.parse("239.1.1.1")), 8848, 1);
        assertThat(d).hasToString("SyncDaemon[role=BACKUP, interfaceName=eth0, syncId=7, maxLength=1500,"
                + " multicastGroup=Optional[239.1.1.1], multicastPort=8848, multicastTtl=1]");
        assertThat(SyncDaemon.of(SyncDaemon.Role.MASTER, "eth1", 0).toString())
                .contains("multicastGroup=Optional.empty,");
        assertThat(new SyncDaemon(SyncDaemon.Role.MASTER, "eth0", 0, 0, Optional.of(Addresses.parse("ff02::1")), 0, 0)
                .toString()).contains("multicastGroup=Optional[ff02::1],");
    }
}
