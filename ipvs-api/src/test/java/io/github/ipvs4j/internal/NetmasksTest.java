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
}
