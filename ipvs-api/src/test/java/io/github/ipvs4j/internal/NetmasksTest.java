package io.github.ipvs4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NetmasksTest {

    @Test
    void ipv4Netmasks() {
        assertThat(Netmasks.ipv4Mask(24)).isEqualTo(0xFFFFFF00);
        assertThat(Netmasks.ipv4Mask(0)).isZero();
        assertThat(Netmasks.ipv4Mask(32)).isEqualTo(-1);
        assertThat(Netmasks.ipv4PrefixLength(0xFFFF0000)).isEqualTo(16);
        assertThat(Netmasks.ipv4PrefixLength(0)).isZero();
        assertThat(Netmasks.ipv4PrefixLength(0xFF00FF00)).isEqualTo(-1);
        assertThat(Netmasks.dotted(0xFF00FF00)).isEqualTo("255.0.255.0");
    }

    @Test
    void theNetworkOfAnAddressKeepsItsPrefixBits() {
        assertThat(Netmasks.network(Addresses.parse("192.0.2.77"), 24)).isEqualTo(Addresses.parse("192.0.2.0"));
        assertThat(Netmasks.network(Addresses.parse("192.0.2.77"), 27)).isEqualTo(Addresses.parse("192.0.2.64"));
        assertThat(Netmasks.network(Addresses.parse("192.0.2.77"), 0)).isEqualTo(Addresses.parse("0.0.0.0"));
        assertThat(Netmasks.network(Addresses.parse("192.0.2.77"), 32)).isEqualTo(Addresses.parse("192.0.2.77"));
        assertThat(Netmasks.network(Addresses.parse("2001:db8:1:2::9"), 48)).isEqualTo(Addresses.parse("2001:db8:1::"));
        assertThat(Netmasks.network(Addresses.parse("2001:db8::9"), 127)).isEqualTo(Addresses.parse("2001:db8::8"));
    }
}
