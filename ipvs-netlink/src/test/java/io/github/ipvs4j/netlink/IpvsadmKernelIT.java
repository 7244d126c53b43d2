package io.github.ipvs4j.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ipvs4j.model.AddressFamily;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.SchedulerFlag;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.TunnelChecksum;
import io.github.ipvs4j.model.VirtualService;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cross-checks with the real ipvsadm in the guest, both ways. */
class IpvsadmKernelIT extends KernelSupport {

    private static List<String> lines(String text) {
        return Arrays.stream(text.split("\n")).map(String::trim).filter(l -> !l.isEmpty()).sorted().toList();
    }

    @Test
    void whatIpvs4jCreatesIpvsadmSavesAsExpected() {
        VirtualService web = VirtualService.builder(ServiceKey.tcp("192.0.2.10", 80)).scheduler(Scheduler.WRR)
                .persistence(600).persistencePrefixLength(24).build();
        VirtualService dns = VirtualService.builder(ServiceKey.udp("2001:db8::53", 53)).scheduler(Scheduler.SH)
                .schedulerFlags(SchedulerFlag.FALLBACK).onePacket(true).build();
        VirtualService mark = VirtualService.builder(ServiceKey.fwmark(7)).scheduler(Scheduler.MH).build();
        ipvs.createService(web);
        ipvs.createRealServer(web.key(), RealServer.builder("198.51.100.2", 80).weight(3).build());
        ipvs.createRealServer(web.key(), RealServer.builder("198.51.100.3", 8080).forwarding(ForwardingMethod.NAT)
                .thresholds(10, 100).build());
        ipvs.createService(dns);
        ipvs.createRealServer(dns.key(), RealServer.builder("2001:db8:1::2", 53).weight(0).build());
        ipvs.createService(mark);
        ipvs.createRealServer(mark.key(), RealServer.builder("198.51.100.4", 0).forwarding(ForwardingMethod.gue(6080)
                .withChecksum(TunnelChecksum.REMOTE_CHECKSUM)).build());
        assertThat(lines(sh("ipvsadm -Sn"))).isEqualTo(lines("""
                -A -t 192.0.2.10:80 -s wrr -p 600 -M 255.255.255.0
                -a -t 192.0.2.10:80 -r 198.51.100.2:80 -g -w 3
                -a -t 192.0.2.10:80 -r 198.51.100.3:8080 -m -w 1
                -A -u [2001:db8::53]:53 -s sh -o -b sh-fallback
                -a -u [2001:db8::53]:53 -r [2001:db8:1::2]:53 -g -w 0
                -A -f 7 -s mh
                -a -f 7 -r 198.51.100.4:0 -i -w 1 --tun-type gue --tun-port 6080 --tun-remcsum
                """));
        assertThat(sh("ipvsadm -Ln --thresholds")).containsPattern("198.51.100.3:8080 +100 +10 ");
    }

    @Test
    void whatIpvsadmRestoresIpvs4jReadsBack() {
        sh("ipvsadm -R <<'EOF'\n"
                + "-A -t 192.0.2.20:443 -s lc -p 300\n"
                + "-a -t 192.0.2.20:443 -r 198.51.100.5:443 -m -w 2\n"
                + "-a -t 192.0.2.20:443 -r 198.51.100.6:443 -i -w 4 --tun-type gre --tun-csum\n"
                + "-A -f 9 -6 -s rr -p 60 -M 64\n"
                + "-a -f 9 -6 -r [2001:db8:1::9]:0 -g -w 1 -x 5 -y 2\n"
                + "-A --sctp-service 192.0.2.21:3868 -s dh\n"
                + "EOF");
        IpvsConfig expected = IpvsConfig.of(
                ServiceConfig.of(VirtualService.builder(ServiceKey.tcp("192.0.2.20", 443)).scheduler(Scheduler.LC)
                        .persistence(300).build(),
                        RealServer.builder("198.51.100.6", 443).weight(4).forwarding(ForwardingMethod.gre()
                                .withChecksum(TunnelChecksum.CHECKSUM)).build(),
                        RealServer.builder("198.51.100.5", 443).weight(2).forwarding(ForwardingMethod.NAT).build()),
                ServiceConfig.of(VirtualService.builder(ServiceKey.sctp("192.0.2.21", 3868)).scheduler(Scheduler.DH)
                        .build()),
                ServiceConfig.of(VirtualService.builder(ServiceKey.fwmark(9, AddressFamily.INET6))
                                .scheduler(Scheduler.RR).persistence(60).persistencePrefixLength(64).build(),
                        RealServer.builder("2001:db8:1::9", 0).thresholds(2, 5).build()));
        assertThat(ipvs.readConfig().sorted()).isEqualTo(expected.sorted());
    }
}
