package io.github.ipvs4j.examples.jipvsadm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.IpvsInfo;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.RealServerStatus;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.SchedulerFlag;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.Stats;
import io.github.ipvs4j.model.TunnelChecksum;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.model.VirtualServiceStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListingTest {
    private static final IpvsInfo INFO = new IpvsInfo(0x010201, 4096);

    private static RealServerStatus rs(RealServer server, long active, long inactive) {
        return new RealServerStatus(server, active, inactive, 0, Stats.ZERO);
    }

    @Test
    void defaultColumnsSortServicesAndRealServers() {
        VirtualService web = VirtualService.builder(ServiceKey.tcp("192.0.2.100", 80)).scheduler(Scheduler.WRR).build();
        VirtualService dns = VirtualService.builder(ServiceKey.udp("192.0.2.53", 53)).scheduler(Scheduler.SH)
                .schedulerFlags(SchedulerFlag.FALLBACK, SchedulerFlag.PORT).persistence(360)
                .persistencePrefixLength(24).build();
        VirtualService mark = VirtualService.builder(ServiceKey.fwmark(7)).scheduler(Scheduler.RR).onePacket(true)
                .build();
        List<Listing.Entry> entries = List.of(
                new Listing.Entry(new VirtualServiceStatus(mark, Stats.ZERO), List.of()),
                new Listing.Entry(new VirtualServiceStatus(dns, Stats.ZERO), List.of(
                        rs(RealServer.builder("198.51.100.7", 53).forwarding(ForwardingMethod.NAT).weight(3)
                                .build(), 0, 2))),
                new Listing.Entry(new VirtualServiceStatus(web, Stats.ZERO), List.of(
                        rs(RealServer.builder("192.0.2.12", 80).weight(2).build(), 5, 1),
                        rs(RealServer.builder("192.0.2.11", 80).weight(1).build(), 4, 0))));

        assertThat(Listing.table(INFO, entries, Listing.Format.DEFAULT)).isEqualTo("""
                IP Virtual Server version 1.2.1 (size=4096)
                Prot LocalAddress:Port Scheduler Flags
                  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
                TCP  192.0.2.100:80 wrr
                  -> 192.0.2.11:80                Route   1      4          0        \s
                  -> 192.0.2.12:80                Route   2      5          1        \s
                UDP  192.0.2.53:53 sh (sh-fallback,sh-port) persistent 360 mask 255.255.255.0
                  -> 198.51.100.7:53              Masq    3      0          2        \s
                FWM  7 rr ops
                """);
    }

    @Test
    void statsAbbreviateLargeNumbersUnlessExact() {
        VirtualService web = VirtualService.builder(ServiceKey.tcp("2001:db8::1", 443)).build();
        Stats big = new Stats(12, 99_999_999L, 100_000_000L, 5_000_000_000L, 123_456_789_012_345L, 0, 0, 0, 0, 0);
        List<Listing.Entry> entries = List.of(new Listing.Entry(new VirtualServiceStatus(web, big), List.of()));
        assertThat(Listing.table(INFO, entries, new Listing.Format(Listing.Columns.STATS, false, true)))
                .endsWith("TCP  [2001:db8::1]:443" + " ".repeat(11)
                        + "       12" + " 99999999" + "  100000K" + "    5000M" + "     123T\n");
        assertThat(Listing.table(INFO, entries, new Listing.Format(Listing.Columns.STATS, true, true)))
                .endsWith("TCP  [2001:db8::1]:443" + " ".repeat(11)
                        + "       12" + " 99999999" + " 100000000" + " 5000000000" + " 123456789012345\n");
    }

    @Test
    void tunnelInfoColumn() {
        VirtualService web = VirtualService.builder(ServiceKey.tcp("192.0.2.100", 80)).build();
        RealServer gue = RealServer.builder("203.0.113.9", 80)
                .forwarding(ForwardingMethod.gue(6080).withChecksum(TunnelChecksum.REMOTE_CHECKSUM)).build();
        String out = Listing.single(new Listing.Entry(new VirtualServiceStatus(web, Stats.ZERO),
                List.of(rs(gue, 0, 0))), new Listing.Format(Listing.Columns.TUN_INFO, false, true));
        assertThat(out).endsWith("  -> 203.0.113.9:80               Tunnel  gue:6080:r+c  1      0          0         \n");
    }

    @Test
    void realServerOrderReproducesIpvsadmSignedDifference() {
        RealServerStatus low = rs(RealServer.builder("10.0.0.1", 80).build(), 0, 0);
        RealServerStatus high = rs(RealServer.builder("203.0.113.1", 80).build(), 0, 0);
        // 203.0.113.1 - 10.0.0.1 overflows a signed int, so ipvsadm puts 203.0.113.1 first.
        assertThat(Listing.compareAsIpvsadm(high, low)).isNegative();
        RealServerStatus near = rs(RealServer.builder("192.0.2.2", 80).build(), 0, 0);
        RealServerStatus nearer = rs(RealServer.builder("192.0.2.1", 80).build(), 0, 0);
        assertThat(Listing.compareAsIpvsadm(nearer, near)).isNegative();
    }
}
