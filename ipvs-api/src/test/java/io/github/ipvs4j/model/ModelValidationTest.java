package io.github.ipvs4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.ipvs4j.internal.Addresses;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Every validation rule of the model, and that each error names the field, the value and what is allowed. */
public class ModelValidationTest {

    /** Asserts that {@code call} is refused for {@code field} and {@code value}, allowing {@code allowed}. */
    public static InvalidConfigurationException assertInvalid(ThrowingCallable call, String field, String value,
            String allowed) {
        InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class, call);
        assertThat(e).as("expected InvalidConfigurationException for %s", field).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.value()).isEqualTo(value);
        assertThat(e.allowed()).contains(allowed);
        assertThat(e.getMessage()).contains(field).contains(value).contains(allowed);
        assertThat(e.errno()).isZero();
        return e;
    }

    /** Asserts that {@code call} refuses a null argument with a NullPointerException naming {@code field}. */
    public static void assertNullRefused(ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOf(NullPointerException.class).hasMessage(field);
    }

    // ---- ports, weights, thresholds ------------------------------------------------------------------

    @Test
    void portsAre0To65535() {
        assertInvalid(() -> ServiceKey.tcp("192.0.2.1", -1), "service port", "-1", "0..65535");
        assertInvalid(() -> ServiceKey.udp("192.0.2.1", 65536), "service port", "65536", "0..65535");
        assertInvalid(() -> RealServer.builder("192.0.2.1", 70000), "real server port", "70000", "0..65535");
        assertInvalid(() -> new RealServer(Addresses.parse("192.0.2.1"), -5, 1, ForwardingMethod.DR, 0, 0),
                "real server port", "-5", "0..65535");
        assertThatCode(() -> ServiceKey.sctp("192.0.2.1", 0)).doesNotThrowAnyException();
        assertThatCode(() -> RealServer.builder("192.0.2.1", 65535).build()).doesNotThrowAnyException();
    }

    @Test
    void weightIsNotNegative() {
        assertInvalid(() -> RealServer.builder("192.0.2.1", 80).weight(-1), "weight", "-1", "0..2147483647");
        assertInvalid(() -> new RealServer(Addresses.parse("192.0.2.1"), 80, -1, ForwardingMethod.DR, 0, 0),
                "weight", "-1", "0..2147483647");
        assertThat(RealServer.builder("192.0.2.1", 80).weight(0).build().weight()).isZero();
        assertThat(RealServer.builder("192.0.2.1", 80).build().weight()).isEqualTo(RealServer.DEFAULT_WEIGHT);
    }

    @Test
    void thresholdsAreNotNegativeAndLowerIsAtMostUpper() {
        assertInvalid(() -> RealServer.builder("192.0.2.1", 80).upperThreshold(-1), "upper threshold", "-1",
                "0..2147483647");
        assertInvalid(() -> RealServer.builder("192.0.2.1", 80).lowerThreshold(-1), "lower threshold", "-1",
                "0..2147483647");
        assertInvalid(() -> RealServer.builder("192.0.2.1", 80).thresholds(10, 5).build(), "lower threshold", "10",
                "0..5 (at most the upper threshold)");
        assertInvalid(() -> new RealServer(Addresses.parse("192.0.2.1"), 80, 1, ForwardingMethod.DR, 0, 1),
                "lower threshold", "1", "0..0");
        RealServer ok = RealServer.builder("192.0.2.1", 80).thresholds(5, 5).build();
        assertThat(ok.lowerThreshold()).isEqualTo(ok.upperThreshold());
    }

    // ---- persistence ---------------------------------------------------------------------------------

    @Test
    void persistenceTimeoutIsAtLeastOneSecond() {
        assertInvalid(() -> VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80)).persistence(0),
                "persistence timeout", "0", "1..2147483647");
        assertInvalid(() -> new Persistence(-3, 32, Optional.empty()), "persistence timeout", "-3", "1..2147483647");
        assertThat(VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80)).persistence(1).build().isPersistent())
                .isTrue();
    }

    @Test
    void netmaskAndPrefixLengthPerFamily() {
        assertInvalid(() -> VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80)).persistence(60)
                .persistencePrefixLength(33),
                "persistence netmask length (IPv4)", "33", "0..32");
        assertInvalid(() -> VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80)).persistence(60)
                .persistencePrefixLength(-1),
                "persistence prefix length", "-1", "0..128");
        assertInvalid(() -> VirtualService.builder(ServiceKey.tcp("2001:db8::1", 80)).persistence(60)
                .persistencePrefixLength(0),
                "persistence prefix length (IPv6)", "0", "1..128");
        assertInvalid(() -> VirtualService.builder(ServiceKey.tcp("2001:db8::1", 80)).persistence(60)
                .persistencePrefixLength(129),
                "persistence prefix length", "129", "0..128");
        assertInvalid(() -> VirtualService.builder(ServiceKey.fwmark(1))
                .persistence(new Persistence(60, 64, Optional.empty())),
                "persistence netmask length (IPv4)", "64", "0..32");
        assertInvalid(() -> new VirtualService(ServiceKey.fwmark(1, AddressFamily.INET6), Scheduler.WLC,
                java.util.Set.of(), Optional.of(new Persistence(60, 0, Optional.empty())), false),
                "persistence prefix length (IPv6)", "0", "1..128");
        assertThat(VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80)).persistence(60).persistencePrefixLength(0)
                .build().persistence().orElseThrow().prefixLength()).isZero();
        assertThat(VirtualService.builder(ServiceKey.tcp("2001:db8::1", 80)).persistence(60).build().persistence()
                .orElseThrow().prefixLength()).isEqualTo(128);
    }

    @Test
    void persistenceEngineNames() {
        assertThat(new Persistence(60, 32, Optional.of("sip")).engine()).contains("sip");
        assertThat(new Persistence(60, 32, Optional.of("a_1")).engine()).contains("a_1");
        for (String bad : List.of("", "SIP", "sip-2", "sip engine", "abcdefghijklmnop", "ip_vs/x")) {
            assertInvalid(() -> new Persistence(60, 32, Optional.of(bad)), "persistence engine", bad,
                    "1..15 characters of a-z, 0-9 and _");
        }
    }

    // ---- firewall marks, schedulers ------------------------------------------------------------------

    @Test
    void firewallMarkIs1To2Pow32Minus1() {
        assertInvalid(() -> ServiceKey.fwmark(0), "firewall mark", "0", "1..4294967295");
        assertInvalid(() -> ServiceKey.fwmark(0x1_0000_0000L), "firewall mark", "4294967296", "1..4294967295");
        assertInvalid(() -> ServiceKey.fwmark(-1), "firewall mark", "-1", "1..4294967295");
        assertThat(ServiceKey.fwmark(0xFFFF_FFFFL).mark()).isEqualTo(4294967295L);
        assertThat(ServiceKey.fwmark(1, AddressFamily.INET6)).hasToString("FWM 1 IPv6");
    }

    @Test
    void schedulerNames() {
        assertThat(Scheduler.of("wrr")).isSameAs(Scheduler.WRR);
        assertThat(Scheduler.of("my_sched_2").name()).isEqualTo("my_sched_2");
        assertThat(Scheduler.of("abcdefghijklmno").name()).hasSize(15);
        for (String bad : List.of("", "abcdefghijklmnop", "WRR", "w rr", "wrr\n", "../x", "wr-r", "é")) {
            assertInvalid(() -> Scheduler.of(bad), "scheduler", bad, "1..15 characters of a-z, 0-9 and _");
        }
    }

    @Test
    void schedulerFlagNamesFollowIpvsadm() {
        assertThat(SchedulerFlag.FALLBACK.ipvsadmName(Scheduler.SH)).isEqualTo("sh-fallback");
        assertThat(SchedulerFlag.PORT.ipvsadmName(Scheduler.MH)).isEqualTo("mh-port");
        assertThat(SchedulerFlag.FLAG_3.ipvsadmName(Scheduler.SH)).isEqualTo("flag-3");
        assertThat(SchedulerFlag.PORT.ipvsadmName(Scheduler.WRR)).isEqualTo("flag-2");
        assertThat(SchedulerFlag.FALLBACK.bit() | SchedulerFlag.PORT.bit() | SchedulerFlag.FLAG_3.bit()).isEqualTo(0x38);
    }

    // ---- forwarding and tunnels ----------------------------------------------------------------------

    @Test
    void crossFamilyRealServerNeedsTunnel() {
        ServiceKey v4 = ServiceKey.tcp("192.0.2.1", 80);
        ServiceKey v6 = ServiceKey.tcp("2001:db8::1", 80);
        RealServer v6dr = RealServer.builder("2001:db8::2", 80).build();
        RealServer v4nat = RealServer.builder("192.0.2.2", 80).forwarding(ForwardingMethod.NAT).build();
        assertInvalid(() -> v6dr.checkCompatibleWith(v4), "real server address", "2001:db8::2",
                "an IPv4 address like its service TCP 192.0.2.1:80 (mixing families needs tunnel forwarding)");
        assertInvalid(() -> v4nat.checkCompatibleWith(v6), "real server address", "192.0.2.2", "an IPv6 address");
        assertInvalid(() -> new Change.CreateRealServer(v4, v6dr), "real server address", "2001:db8::2", "tunnel");
        assertInvalid(() -> new Change.UpdateRealServer(v4, v6dr), "real server address", "2001:db8::2", "tunnel");
        assertInvalid(() -> ServiceConfig.of(VirtualService.builder(v4).build(), v6dr), "real server address",
                "2001:db8::2", "tunnel");
        assertInvalid(() -> v4nat.checkCompatibleWith(ServiceKey.fwmark(1, AddressFamily.INET6)),
                "real server address", "192.0.2.2", "an IPv6 address");
        for (ForwardingMethod tunnel : List.of(ForwardingMethod.tunnel(), ForwardingMethod.gue(6080),
                ForwardingMethod.gre())) {
            assertThatCode(() -> v6dr.toBuilder().forwarding(tunnel).build().checkCompatibleWith(v4))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void tunnelCombinations() {
        assertInvalid(() -> new ForwardingMethod.Tunnel(TunnelType.GUE, 0, TunnelChecksum.NONE),
                "tunnel port (GUE)", "0", "1..65535");
        assertInvalid(() -> ForwardingMethod.gue(65536), "tunnel port (GUE)", "65536", "1..65535");
        assertInvalid(() -> new ForwardingMethod.Tunnel(TunnelType.IPIP, 6080, TunnelChecksum.NONE),
                "tunnel port", "6080", "0 (a port is only used with GUE)");
        assertInvalid(() -> new ForwardingMethod.Tunnel(TunnelType.GRE, 1, TunnelChecksum.NONE),
                "tunnel port", "1", "only used with GUE");
        assertInvalid(() -> ForwardingMethod.tunnel().withChecksum(TunnelChecksum.CHECKSUM), "tunnel checksum",
                "CHECKSUM", "NONE with IPIP");
        assertInvalid(() -> ForwardingMethod.tunnel().withChecksum(TunnelChecksum.REMOTE_CHECKSUM),
                "tunnel checksum", "REMOTE_CHECKSUM", "NONE with IPIP");
        assertInvalid(() -> ForwardingMethod.gre().withChecksum(TunnelChecksum.REMOTE_CHECKSUM), "tunnel checksum",
                "REMOTE_CHECKSUM", "remote checksum is GUE only");
        assertThat(ForwardingMethod.gre().withChecksum(TunnelChecksum.CHECKSUM).checksum())
                .isEqualTo(TunnelChecksum.CHECKSUM);
        assertThat(ForwardingMethod.gue(1).withChecksum(TunnelChecksum.REMOTE_CHECKSUM).port()).isEqualTo(1);
    }

    @Test
    void kernelCodes() {
        assertThat(ForwardingMethod.ofCode(0, TunnelType.IPIP, 0, TunnelChecksum.NONE)).isEqualTo(ForwardingMethod.NAT);
        assertThat(ForwardingMethod.ofCode(1, TunnelType.IPIP, 0, TunnelChecksum.NONE)).isEqualTo(ForwardingMethod.LOCAL);
        assertThat(ForwardingMethod.ofCode(3, TunnelType.IPIP, 0, TunnelChecksum.NONE)).isEqualTo(ForwardingMethod.DR);
        assertThat(ForwardingMethod.ofCode(4, TunnelType.IPIP, 0, TunnelChecksum.NONE)).isEqualTo(ForwardingMethod.BYPASS);
        // The kernel may report a stale port for non-GUE tunnels; it is dropped.
        assertThat(ForwardingMethod.ofCode(2, TunnelType.GRE, 99, TunnelChecksum.CHECKSUM))
                .isEqualTo(ForwardingMethod.gre().withChecksum(TunnelChecksum.CHECKSUM));
        assertThat(ForwardingMethod.ofCode(2, TunnelType.GUE, 99, TunnelChecksum.NONE)).isEqualTo(ForwardingMethod.gue(99));
        for (ForwardingMethod m : List.of(ForwardingMethod.NAT, ForwardingMethod.LOCAL, ForwardingMethod.DR,
                ForwardingMethod.BYPASS, ForwardingMethod.tunnel())) {
            assertThat(ForwardingMethod.ofCode(m.code(), TunnelType.IPIP, 0, TunnelChecksum.NONE)).isEqualTo(m);
        }
        assertInvalid(() -> ForwardingMethod.ofCode(5, TunnelType.IPIP, 0, TunnelChecksum.NONE), "forwarding method",
                "5", "0..4");
        assertInvalid(() -> TunnelType.ofCode(3), "tunnel type", "3", "0 (ipip), 1 (gue) or 2 (gre)");
        assertInvalid(() -> TunnelChecksum.ofFlags(3), "tunnel flags", "3", "0 (nocsum), 1 (csum) or 2 (remcsum)");
        assertInvalid(() -> AddressFamily.ofNumber(1), "address family", "1", "2 (AF_INET) or 10 (AF_INET6)");
        assertInvalid(() -> Protocol.ofNumber(1), "protocol", "1", "6 (TCP), 17 (UDP) or 132 (SCTP)");
        assertInvalid(() -> SyncDaemon.Role.ofState(3), "sync daemon state", "3", "1 (master) or 2 (backup)");
        assertThat(TunnelType.ofCode(1)).isEqualTo(TunnelType.GUE);
        assertThat(TunnelChecksum.ofFlags(2)).isEqualTo(TunnelChecksum.REMOTE_CHECKSUM);
        assertThat(AddressFamily.ofNumber(10)).isEqualTo(AddressFamily.INET6);
        assertThat(Protocol.ofNumber(132)).isEqualTo(Protocol.SCTP);
        assertThat(SyncDaemon.Role.ofState(2)).isEqualTo(SyncDaemon.Role.BACKUP);
    }

    // ---- tables --------------------------------------------------------------------------------------

    @Test
    void realServersAreUniquePerServiceAndServicesUniquePerTable() {
        VirtualService web = VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80)).build();
        assertInvalid(() -> ServiceConfig.of(web, RealServer.builder("198.51.100.1", 80).build(),
                RealServer.builder("198.51.100.1", 80).weight(5).build()), "real server", "198.51.100.1:80",
                "each real server once per service TCP 192.0.2.1:80");
        assertInvalid(() -> IpvsConfig.of(ServiceConfig.of(web), ServiceConfig.of(web.toBuilder()
                .scheduler(Scheduler.RR).build())), "virtual service", "TCP 192.0.2.1:80", "each virtual service once");
        assertThat(IpvsConfig.of(ServiceConfig.of(web, RealServer.builder("198.51.100.1", 80).build(),
                RealServer.builder("198.51.100.1", 81).forwarding(ForwardingMethod.NAT).build())).realServerCount())
                .isEqualTo(2);
    }

    @Test
    void duplicateRealServersAreFoundInShortAndLongLists() {
        VirtualService web = VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80)).build();
        for (int size : new int[] {3, 16, 17, 40}) {
            List<RealServer> distinct = new ArrayList<>();
            for (int i = 0; i < size; i++) { // same addresses on other ports, same ports on other addresses
                distinct.add(RealServer.builder("198.51.100." + (1 + i / 2), 80 + i % 2).build());
            }
            assertThat(new ServiceConfig(web, distinct).realServers()).hasSize(size);
            List<RealServer> withDuplicate = new ArrayList<>(distinct);
            withDuplicate.add(RealServer.builder("198.51.100.1", 80).weight(7).build()); // the first one again
            assertInvalid(() -> new ServiceConfig(web, withDuplicate), "real server", "198.51.100.1:80",
                    "each real server once per service TCP 192.0.2.1:80");
        }
    }

    @Test
    void persistenceDetailsMayComeBeforeOrAfterPersistenceAndAreCheckedInBuild() {
        ServiceKey key = ServiceKey.tcp("192.0.2.1", 80);
        VirtualService before = VirtualService.builder(key).persistencePrefixLength(24).persistenceEngine("sip")
                .persistence(300).build();
        VirtualService after = VirtualService.builder(key).persistence(300).persistencePrefixLength(24)
                .persistenceEngine("sip").build();
        assertThat(before).isEqualTo(after);
        assertThat(before.persistence().orElseThrow().prefixLength()).isEqualTo(24);
        assertThat(before.persistence().orElseThrow().engine()).contains("sip");
        assertInvalid(() -> VirtualService.builder(key).persistencePrefixLength(33),
                "persistence netmask length (IPv4)", "33", "0..32");
        assertInvalid(() -> VirtualService.builder(key).persistencePrefixLength(24).build(),
                "persistence prefix length", "24", "persistence as well");
        assertInvalid(() -> VirtualService.builder(key).persistenceEngine("sip").build(), "persistence engine", "sip",
                "persistence as well");
    }

    @Test
    void nullsAreNamed() {
        assertNullRefused(() -> VirtualService.builder(null), "service key");
        assertNullRefused(() -> VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80)).scheduler((Scheduler) null),
                "scheduler");
        assertNullRefused(() -> RealServer.builder("192.0.2.1", 80).forwarding(null), "forwarding method");
        assertNullRefused(() -> new ServiceConfig(null, List.of()), "service");
        assertNullRefused(() -> new IpvsConfig(null), "services");
        assertNullRefused(() -> new Change.RemoveService(null), "service");
        // Issue 20, item 8: the calls that used to refuse null with an InvalidConfigurationException,
        // and those that threw an unnamed NullPointerException, all name the argument now.
        assertNullRefused(() -> RealServer.builder((String) null, 80), "real server address");
        assertNullRefused(() -> RealServer.builder((java.net.InetAddress) null, 80), "real server address");
        assertNullRefused(() -> ServiceKey.tcp(null, 80), "service address");
        assertNullRefused(() -> Scheduler.of(null), "scheduler");
        assertNullRefused(() -> AddressFamily.of(null), "address");
        assertNullRefused(() -> Persistence.of(300, null), "address family");
        assertNullRefused(() -> Persistence.of(300, AddressFamily.INET).withEngine(null), "persistence engine");
        assertNullRefused(() -> new ServiceConfig(VirtualService.builder(ServiceKey.fwmark(1)).build(),
                java.util.Arrays.asList((RealServer) null)), "real server");
        assertNullRefused(() -> new IpvsConfig(java.util.Arrays.asList((ServiceConfig) null)), "service");
        assertInvalid(() -> new Change.RemoveRealServer(ServiceKey.fwmark(1), InetSocketAddress.createUnresolved(
                "example.com", 80)), "real server", "example.com/<unresolved>:80", "an IP address and port");
    }

    // ---- settings ------------------------------------------------------------------------------------

    @Test
    void syncDaemonFields() {
        SyncDaemon ok = new SyncDaemon(SyncDaemon.Role.MASTER, "eth0", 255, 65535,
                Optional.of(Addresses.parse("ff02::1")), 65535, 255);
        assertThat(ok.syncId()).isEqualTo(255);
        assertNullRefused(() -> SyncDaemon.of(null, "eth0", 0), "sync daemon role");
        for (String bad : List.of("", "abcdefghijklmnop", "eth/0", "eth 0", "eth\t0", "ethé")) {
            assertInvalid(() -> SyncDaemon.of(SyncDaemon.Role.MASTER, bad, 0), "sync interface", bad,
                    "1..15 printable characters");
        }
        assertInvalid(() -> SyncDaemon.of(SyncDaemon.Role.MASTER, "eth0", 256), "sync id", "256", "0..255");
        assertInvalid(() -> SyncDaemon.of(SyncDaemon.Role.MASTER, "eth0", -1), "sync id", "-1", "0..255");
        assertInvalid(() -> new SyncDaemon(SyncDaemon.Role.MASTER, "eth0", 0, 65536, Optional.empty(), 0, 0),
                "sync max length", "65536", "0..65535");
        assertInvalid(() -> new SyncDaemon(SyncDaemon.Role.MASTER, "eth0", 0, 0,
                Optional.of(Addresses.parse("192.0.2.1")), 0, 0), "multicast group", "192.0.2.1",
                "a multicast address");
        assertInvalid(() -> new SyncDaemon(SyncDaemon.Role.MASTER, "eth0", 0, 0, Optional.empty(), 65536, 0),
                "multicast port", "65536", "0..65535");
        assertInvalid(() -> new SyncDaemon(SyncDaemon.Role.MASTER, "eth0", 0, 0, Optional.empty(), 0, 256),
                "multicast ttl", "256", "0..255");
        assertThat(SyncDaemon.Role.MASTER.state()).isEqualTo(1);
    }

    @Test
    void timeoutsRange() {
        assertThat(new Timeouts(0, 0, 0).tcp()).isZero();
        assertThat(new Timeouts(Timeouts.MAX_SECONDS, 1, 1).tcp()).isEqualTo(21474836);
        assertInvalid(() -> new Timeouts(-1, 0, 0), "tcp timeout", "-1", "0..2147483");
        assertInvalid(() -> new Timeouts(0, Timeouts.MAX_SECONDS + 1, 0), "tcpfin timeout", "21474837", "0..21474836");
        assertInvalid(() -> new Timeouts(0, 0, Integer.MAX_VALUE), "udp timeout", "2147483647", "0..2147483");
    }

    @Test
    void messagesQuoteTextValues() {
        InvalidConfigurationException e = assertInvalid(() -> Scheduler.of("X"), "scheduler", "X", "1..15");
        assertThat(e.getMessage()).startsWith("scheduler: \"X\" is not allowed; expected 1..15 characters");
        InvalidConfigurationException n = assertInvalid(() -> new Timeouts(-1, 0, 0), "tcp timeout", "-1", "0..");
        assertThat(n.getMessage()).isEqualTo("tcp timeout: -1 is not allowed; expected 0..21474836");
    }
}
