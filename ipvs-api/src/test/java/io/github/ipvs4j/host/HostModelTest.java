package io.github.ipvs4j.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ipvs4j.model.InvalidConfigurationException;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class HostModelTest {
    @Test
    void addressesParseAndCompareAsTheKernelDoes() throws Exception {
        InterfaceAddress vip = InterfaceAddress.of("lo", "192.0.2.10");
        assertThat(vip.prefixLength()).isEqualTo(32);
        assertThat(vip).isEqualTo(InterfaceAddress.host("lo", InetAddress.getByName("192.0.2.10")));
        assertThat(vip.toString()).isEqualTo("192.0.2.10/32 on lo");
        assertThat(vip.withLabel("lo:vip").withScope(AddressScope.HOST).toString())
                .isEqualTo("192.0.2.10/32 on lo scope host label lo:vip");
        // IPv4: the same address with another prefix is another address; IPv6: the same one.
        assertThat(vip.sameAs(InterfaceAddress.of("lo", "192.0.2.10/24"))).isFalse();
        assertThat(vip.sameAs(vip.withLabel("lo:x"))).isTrue();
        assertThat(InterfaceAddress.of("lo", "2001:db8::1/128").sameAs(InterfaceAddress.of("lo", "2001:db8::1/64")))
                .isTrue();
        assertThat(InterfaceAddress.of("eth0", "2001:db8::1/64").prefixLength()).isEqualTo(64);
    }

    @Test
    void badAddressesNameTheFieldAndTheRange() {
        assertThatThrownBy(() -> InterfaceAddress.of("lo", "192.0.2.10/33"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("0..32");
        assertThatThrownBy(() -> InterfaceAddress.of("lo", "192.0.2.10/x"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> InterfaceAddress.of("lo", "www.example.com/32"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("address");
        assertThatThrownBy(() -> InterfaceAddress.of("a-name-that-is-too-long", "192.0.2.1"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("1..15 bytes");
        // The kernel takes any bytes but '/', ':', white space and NUL, up to 15 of them.
        assertThat(InterfaceAddress.of("wé-1", "192.0.2.1").interfaceName()).isEqualTo("wé-1");
        assertThatThrownBy(() -> InterfaceAddress.of("ééééééééé", "192.0.2.1"))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> InterfaceAddress.of("eth\t0", "192.0.2.1"))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> InterfaceAddress.of("lo", "2001:db8::1").withLabel("lo:v6"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("IPv4");
        assertThatThrownBy(() -> InterfaceAddress.of("lo", "192.0.2.1").withLabel("eth0:1"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("starting with");
        assertThatThrownBy(() -> Link.checkName("interface", "eth0:1"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("interface");
        assertThatThrownBy(() -> new HardwareAddress("02:00:zz:00:00:01"))
                .isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void settingsAreNamedAsSysctlNamesThem() {
        assertThat(Setting.all(Sysctl.ARP_IGNORE).name()).isEqualTo("net.ipv4.conf.all.arp_ignore");
        assertThat(Setting.of(Sysctl.RP_FILTER, "eth0.100").name()).isEqualTo("net.ipv4.conf.eth0/100.rp_filter");
        assertThat(Setting.of(Sysctl.RP_FILTER, "eth0.100").path()).isEqualTo("net/ipv4/conf/eth0.100/rp_filter");
        assertThat(Setting.of(Sysctl.IP_FORWARD).path()).isEqualTo("net/ipv4/ip_forward");
        assertThat(Setting.all(Sysctl.IPV6_FORWARDING).toString()).isEqualTo("net.ipv6.conf.all.forwarding");
        assertThat(Setting.of(Sysctl.VS_EXPIRE_NODEST_CONN).name()).isEqualTo("net.ipv4.vs.expire_nodest_conn");
        assertThatThrownBy(() -> Setting.of(Sysctl.ARP_IGNORE, ""))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> Setting.of(Sysctl.ARP_IGNORE)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("\"all\", \"default\" or an interface name");
        assertThatThrownBy(() -> Setting.of(Sysctl.IP_FORWARD, "eth0"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("global");
    }

    @Test
    void theEffectiveValueFollowsTheKernelsRulePerSetting() {
        assertThat(Sysctl.ARP_IGNORE.effective(1, 0)).isEqualTo(1);
        assertThat(Sysctl.ARP_IGNORE.effective(0, 2)).isEqualTo(2);
        assertThat(Sysctl.RP_FILTER.effective(2, 1)).isEqualTo(2);
        assertThat(Sysctl.SEND_REDIRECTS.effective(0, 1)).isEqualTo(1);
        assertThat(Sysctl.SEND_REDIRECTS.effective(1, 0)).isEqualTo(1);
        assertThat(Sysctl.SEND_REDIRECTS.effective(0, 0)).isZero();
        assertThat(Sysctl.PROXY_ARP.effective(1, 0)).isEqualTo(1);
        assertThat(Sysctl.FORWARDING.effective(1, 0)).isZero();
        assertThat(Sysctl.IPV6_FORWARDING.effective(1, 0)).isEqualTo(1);
        assertThat(Sysctl.IPV6_FORWARDING.effective(0, 1)).isZero();
        assertThat(Sysctl.ARP_ANNOUNCE.check(2)).isEqualTo(2);
        assertThatThrownBy(() -> Sysctl.ARP_IGNORE.check(9)).hasMessageContaining("arp_ignore")
                .hasMessageContaining("0..8");
    }

    @Test
    void hardwareAddressesAndScopesPrintAsIpDoes() {
        HardwareAddress mac = HardwareAddress.of(new byte[] {2, 0, 0x5e, 0, 1, (byte) 0xAB});
        assertThat(mac.toString()).isEqualTo("02:00:5e:00:01:ab");
        assertThat(new HardwareAddress("02:00:5E:00:01:AB")).isEqualTo(mac);
        assertThat(mac.bytes()).hasSize(6);
        assertThat(AddressScope.of(253)).isSameAs(AddressScope.LINK);
        assertThat(AddressScope.of(5).toString()).isEqualTo("5");
        assertThat(RouteType.of(2)).isEqualTo(RouteType.LOCAL);
        assertThatThrownBy(() -> RouteType.of(12)).isInstanceOf(InvalidConfigurationException.class);
    }
}
