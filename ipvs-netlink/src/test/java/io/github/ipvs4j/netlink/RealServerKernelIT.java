package io.github.ipvs4j.netlink;

import static io.github.ipvs4j.netlink.IpvsNetlink.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.internal.Errno;
import io.github.ipvs4j.model.AlreadyExistsException;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.KernelException;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.RealServerNotFoundException;
import io.github.ipvs4j.model.RealServerStatus;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.ServiceNotFoundException;
import io.github.ipvs4j.model.TunnelChecksum;
import io.github.ipvs4j.model.VirtualService;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Real servers on the real kernel: every forwarding method and tunnel type, limits, edits, errors. */
class RealServerKernelIT extends KernelSupport {
    static final VirtualService V4 = VirtualService.builder(ServiceKey.tcp("192.0.2.10", 80)).build();
    static final VirtualService V6 = VirtualService.builder(ServiceKey.tcp("2001:db8::10", 80)).build();

    private static List<RealServer> reversed(List<RealServer> list) {
        List<RealServer> copy = new java.util.ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static List<RealServer> servers(ServiceKey key) {
        return transport.listRealServerStatus(key).stream().map(RealServerStatus::server).toList();
    }

    @Test
    void everyForwardingMethodAndTunnelType() {
        transport.createService(V4);
        List<RealServer> added = List.of(
                RealServer.builder("198.51.100.2", 80).forwarding(ForwardingMethod.DR).build(),
                RealServer.builder("198.51.100.3", 8080).forwarding(ForwardingMethod.NAT).build(),
                RealServer.builder("198.51.100.4", 80).forwarding(ForwardingMethod.tunnel()).build(),
                RealServer.builder("198.51.100.5", 80).forwarding(ForwardingMethod.gue(6080)).build(),
                RealServer.builder("198.51.100.6", 80).forwarding(ForwardingMethod.gue(6081)
                        .withChecksum(TunnelChecksum.CHECKSUM)).build(),
                RealServer.builder("198.51.100.7", 80).forwarding(ForwardingMethod.gue(65535)
                        .withChecksum(TunnelChecksum.REMOTE_CHECKSUM)).build(),
                RealServer.builder("198.51.100.8", 80).forwarding(ForwardingMethod.gre()).build(),
                RealServer.builder("198.51.100.9", 80).forwarding(ForwardingMethod.gre()
                        .withChecksum(TunnelChecksum.CHECKSUM)).build(),
                // Mixed families need a tunnel: an IPv6 real server behind an IPv4 service.
                RealServer.builder("2001:db8:1::9", 80).forwarding(ForwardingMethod.tunnel()).build(),
                RealServer.builder("198.51.100.10", 80).weight(0).build(),
                RealServer.builder("198.51.100.11", 80).weight(Integer.MAX_VALUE).thresholds(0, Integer.MAX_VALUE)
                        .build(),
                RealServer.builder("198.51.100.12", 80).thresholds(10, 20).build());
        for (RealServer rs : added) {
            transport.createRealServer(V4.key(), rs);
        }
        // The kernel lists the newest first.
        assertThat(servers(V4.key())).containsExactlyElementsOf(reversed(added));
        String saved = sh("ipvsadm -Sn");
        assertThat(saved).contains("-a -t 192.0.2.10:80 -r 198.51.100.3:8080 -m -w 1")
                .contains("-r 198.51.100.5:80 -i -w 1 --tun-type gue --tun-port 6080")
                .contains("-r 198.51.100.9:80 -i -w 1 --tun-type gre --tun-csum")
                .contains("-r 198.51.100.11:80 -g -w 2147483647");
        // ipvsadm -S leaves thresholds out; its listing shows them.
        assertThat(sh("ipvsadm -Ln --thresholds")).containsPattern("198.51.100.11:80 +2147483647 +0 ")
                .containsPattern("198.51.100.12:80 +20 +10 ");
    }

    @Test
    void ipv6ServiceWithIpv6AndTunnelledIpv4RealServers() {
        transport.createService(V6);
        List<RealServer> added = List.of(
                RealServer.builder("2001:db8:1::2", 80).build(),
                RealServer.builder("2001:db8:1::3", 80).forwarding(ForwardingMethod.NAT).build(),
                RealServer.builder("198.51.100.2", 80).forwarding(ForwardingMethod.gue(5555)).build());
        for (RealServer rs : added) {
            transport.createRealServer(V6.key(), rs);
        }
        assertThat(servers(V6.key())).containsExactlyElementsOf(reversed(added));
    }

    @Test
    void updateChangesEachField() {
        transport.createService(V4);
        RealServer base = RealServer.builder("198.51.100.2", 80).build();
        transport.createRealServer(V4.key(), base);
        for (RealServer edit : List.of(
                base.toBuilder().weight(7).build(),
                base.toBuilder().weight(0).build(),
                base.toBuilder().forwarding(ForwardingMethod.NAT).build(),
                base.toBuilder().forwarding(ForwardingMethod.gue(7777).withChecksum(TunnelChecksum.CHECKSUM)).build(),
                base.toBuilder().forwarding(ForwardingMethod.gre()).build(),
                base.toBuilder().thresholds(5, 50).build(),
                base.toBuilder().upperThreshold(9).build(),
                base)) {
            transport.updateRealServer(V4.key(), edit);
            assertThat(servers(V4.key())).containsExactly(edit);
        }
    }

    @Test
    void removeAndErrors() {
        transport.createService(V4);
        RealServer rs = RealServer.builder("198.51.100.2", 80).build();
        transport.createRealServer(V4.key(), rs);
        assertThatThrownBy(() -> transport.createRealServer(V4.key(), rs)).isInstanceOf(AlreadyExistsException.class)
                .hasMessageContaining("real server already exists");
        InetSocketAddress other = new InetSocketAddress(Addresses.parse("198.51.100.3"), 80);
        assertThatThrownBy(() -> transport.removeRealServer(V4.key(), other))
                .isInstanceOf(RealServerNotFoundException.class).hasMessageContaining("ENOENT");
        assertThatThrownBy(() -> transport.updateRealServer(V4.key(), RealServer.builder("198.51.100.3", 80).build()))
                .isInstanceOf(RealServerNotFoundException.class);
        ServiceKey missing = ServiceKey.tcp("192.0.2.99", 80);
        assertThatThrownBy(() -> transport.createRealServer(missing, rs)).isInstanceOf(ServiceNotFoundException.class);
        transport.removeRealServer(V4.key(), rs.endpoint());
        assertThat(servers(V4.key())).isEmpty();
    }

    /** Fact: a real server of another family without tunnelling is refused with EINVAL. */
    @Test
    void mixedFamilyWithoutTunnelIsEinval() {
        transport.createService(V4);
        assertThatThrownBy(() -> transport.createRealServer(V4.key(), RealServer.builder("2001:db8:1::2", 80).build()))
                .isInstanceOf(KernelException.class)
                .satisfies(e -> assertThat(((KernelException) e).errno()).isEqualTo(Errno.EINVAL));
    }

    /**
     * Facts: a DR real server without any route to it is accepted by 6.1 (203.0.113.200 here, no
     * interface in its subnet); a multicast address is refused with EINVAL ("address not unicast").
     */
    @Test
    void directRoutingAddressChecks() {
        transport.createService(V4);
        transport.createRealServer(V4.key(), RealServer.builder("203.0.113.200", 80).build());
        assertThatThrownBy(() -> transport.createRealServer(V4.key(), RealServer.builder("224.0.0.5", 80).build()))
                .isInstanceOf(KernelException.class)
                .satisfies(e -> assertThat(((KernelException) e).errno()).isEqualTo(Errno.EINVAL));
    }

    private static int rawDest(Consumer<MessageWriter> dest) {
        return rawErrno(CMD_NEW_DEST, w -> {
            IpvsCodec.writeServiceKey(w, V4.key());
            int nest = w.beginNested(CMD_ATTR_DEST);
            w.putBytes(DEST_ATTR_ADDR, Addresses.parse("198.51.100.20").getAddress());
            w.putBe16(DEST_ATTR_PORT, 80);
            w.putU16(DEST_ATTR_ADDR_FAMILY, 2);
            w.putU32(DEST_ATTR_WEIGHT, 1);
            dest.accept(w);
            w.endNested(nest);
        });
    }

    /**
     * Facts about what the kernel itself accepts, sent raw because the model refuses to build them:
     * lower threshold above upper is ERANGE, a negative weight is ERANGE, GUE without a port is
     * EINVAL. Accepted although meaningless: IPIP with the checksum flag, GRE with remote checksum
     * (ipvs-api refuses to build both; ipvs4j reads them back as what takes effect).
     */
    @Test
    void kernelRulesTheModelAlsoEnforces() {
        transport.createService(V4);
        Consumer<MessageWriter> tunnel = w -> w.putU32(DEST_ATTR_FWD_METHOD, 2);
        assertThat(rawDest(w -> {
            w.putU32(DEST_ATTR_FWD_METHOD, 3);
            w.putU32(DEST_ATTR_U_THRESH, 10);
            w.putU32(DEST_ATTR_L_THRESH, 20);
        })).as("lower threshold > upper").isEqualTo(Errno.ERANGE);
        assertThat(rawErrno(CMD_NEW_DEST, w -> {
            IpvsCodec.writeServiceKey(w, V4.key());
            int nest = w.beginNested(CMD_ATTR_DEST);
            w.putBytes(DEST_ATTR_ADDR, Addresses.parse("198.51.100.21").getAddress());
            w.putBe16(DEST_ATTR_PORT, 80);
            w.putU32(DEST_ATTR_FWD_METHOD, 3);
            w.putU32(DEST_ATTR_WEIGHT, -1);
            w.putU32(DEST_ATTR_U_THRESH, 0);
            w.putU32(DEST_ATTR_L_THRESH, 0);
            w.endNested(nest);
        })).as("weight -1").isEqualTo(Errno.ERANGE);
        assertThat(rawDest(tunnel.andThen(w -> {
            w.putU32(DEST_ATTR_U_THRESH, 0);
            w.putU32(DEST_ATTR_L_THRESH, 0);
            w.putU8(DEST_ATTR_TUN_TYPE, 1);
            w.putBe16(DEST_ATTR_TUN_PORT, 0);
        }))).as("GUE without port").isEqualTo(Errno.EINVAL);
        assertThat(rawDest(tunnel.andThen(w -> {
            w.putU32(DEST_ATTR_U_THRESH, 0);
            w.putU32(DEST_ATTR_L_THRESH, 0);
            w.putU8(DEST_ATTR_TUN_TYPE, 2);
            w.putU16(DEST_ATTR_TUN_FLAGS, 2);
        }))).as("GRE with remote checksum").isZero();
        assertThat(servers(V4.key())).containsExactly(RealServer.builder("198.51.100.20", 80)
                .forwarding(ForwardingMethod.gre()).build());
        transport.removeRealServer(V4.key(), new InetSocketAddress(Addresses.parse("198.51.100.20"), 80));
        int ipipCsum = rawDest(tunnel.andThen(w -> {
            w.putU32(DEST_ATTR_U_THRESH, 0);
            w.putU32(DEST_ATTR_L_THRESH, 0);
            w.putU8(DEST_ATTR_TUN_TYPE, 0);
            w.putU16(DEST_ATTR_TUN_FLAGS, 1);
        }));
        assertThat(ipipCsum).as("IPIP with checksum flag").isZero();
        // ipvs4j reads it back as plain IPIP: the model has no checksum for IPIP.
        assertThat(servers(V4.key())).containsExactly(RealServer.builder("198.51.100.20", 80)
                .forwarding(ForwardingMethod.tunnel()).build());
    }
}
