package io.github.ipvs4j.internal;

import static io.github.ipvs4j.model.ModelValidationTest.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ipvs4j.model.AddressFamily;
import io.github.ipvs4j.model.InvalidConfigurationException;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.ServiceKey;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressesTest {

    @Test
    void parsesLiterals() {
        assertThat(Addresses.parse("192.0.2.1")).isInstanceOf(Inet4Address.class);
        assertThat(Addresses.format(Addresses.parse("0.0.0.0"))).isEqualTo("0.0.0.0");
        assertThat(Addresses.parse("2001:db8::1")).isInstanceOf(Inet6Address.class);
        assertThat(Addresses.parse("[2001:db8::1]")).isEqualTo(Addresses.parse("2001:db8::1"));
        assertThat(Addresses.parse("2001:DB8::A")).isEqualTo(Addresses.parse("2001:db8::a"));
    }

    @Test
    void ipv4MappedStaysIpv6() {
        InetAddress mapped = Addresses.parse("::ffff:192.0.2.1");
        assertThat(mapped).isInstanceOf(Inet6Address.class);
        assertThat(AddressFamily.of(mapped)).isEqualTo(AddressFamily.INET6);
        assertThat(mapped.getAddress()).hasSize(16);
    }

    @Test
    void rejectsHostNamesWithoutLookingThemUp() {
        // Each of these resolves (or might) if looked up; Addresses refuses them as text.
        for (String name : List.of("localhost", "example.com", "ip6-localhost", "a.b.c.d", "cafe", "beef:cafe",
                ".::1", "1.2.3", "1.2.3.4.5", "01234.1.1.1", "256.0.0.1", "1.2.3.-4", "1.2.3.4:80", "[1.2.3.4]",
                "::1%lo", "fe80::1%eth0", "2001:db8::1::2", "2001:db8:::1", "١٩٢.0.2.1", " 192.0.2.1", "")) {
            assertThatThrownBy(() -> Addresses.parse(name)).isInstanceOf(IllegalArgumentException.class)
                    .message().containsAnyOf("an IPv4 or IPv6 address literal", "octets 0..255");
            InvalidConfigurationException e = assertInvalid(() -> ServiceKey.tcp(name, 80),
                    "service address", name, "");
            assertThat(e.allowed()).containsAnyOf("an IPv4 or IPv6 address literal", "octets 0..255");
            RuntimeException mine = new RuntimeException();
            assertThatThrownBy(() -> Addresses.parse(name, expected -> mine)).isSameAs(mine);
        }
        assertThatThrownBy(() -> Addresses.parse(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Addresses.fromBytes(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("address bytes");
        assertThatThrownBy(() -> RealServer.builder((String) null, 80)).isInstanceOf(NullPointerException.class)
                .hasMessage("real server address");
    }

    @Test
    void formatsRfc5952() {
        assertThat(fmt("2001:0DB8:0000:0000:0000:0000:0000:0001")).isEqualTo("2001:db8::1");
        assertThat(fmt("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1"); // first of equal runs
        assertThat(fmt("2001:0:0:1:0:0:0:1")).isEqualTo("2001:0:0:1::1"); // the longest run
        assertThat(fmt("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1"); // a single 0 stays
        assertThat(fmt("::")).isEqualTo("::");
        assertThat(fmt("::1")).isEqualTo("::1");
        assertThat(fmt("1::")).isEqualTo("1::");
        assertThat(fmt("fe80::")).isEqualTo("fe80::");
        assertThat(fmt("2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff")).isEqualTo("2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff");
        assertThat(fmt("0:0:1::")).isEqualTo("0:0:1::");
        assertThat(fmt("192.0.2.1")).isEqualTo("192.0.2.1");
        assertThat(Addresses.format(Addresses.parse("2001:db8::1"), 80)).isEqualTo("[2001:db8::1]:80");
        assertThat(Addresses.format(Addresses.parse("192.0.2.1"), 0)).isEqualTo("192.0.2.1:0");
    }

    @Test
    void formatsEndpointsWithoutInetSocketAddressSlash() {
        assertThat(Addresses.format(new InetSocketAddress(Addresses.parse("192.0.2.1"), 80))).isEqualTo("192.0.2.1:80");
        assertThat(Addresses.format(new InetSocketAddress(Addresses.parse("2001:db8::1"), 443)))
                .isEqualTo("[2001:db8::1]:443");
        assertThat(Addresses.format(InetSocketAddress.createUnresolved("example.com", 80))).isEqualTo("example.com:80");
        assertThat(Addresses.format((InetSocketAddress) null)).isEqualTo("null");
    }

    private static String fmt(String literal) {
        return Addresses.format(Addresses.parse(literal));
    }

    @Test
    void fromBytesTakes4Or16() {
        assertThat(Addresses.fromBytes(new byte[] {(byte) 192, 0, 2, 1})).isEqualTo(Addresses.parse("192.0.2.1"));
        assertThat(Addresses.fromBytes(new byte[16])).isEqualTo(Addresses.parse("::"));
        assertThatThrownBy(() -> Addresses.fromBytes(new byte[5])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an address of 4 or 16 bytes, not 5");
    }
}
