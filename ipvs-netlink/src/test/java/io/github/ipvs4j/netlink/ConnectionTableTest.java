package io.github.ipvs4j.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.Connection;
import io.github.ipvs4j.model.Protocol;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing {@code /proc/net/ip_vs_conn} in the kernel's format. */
class ConnectionTableTest {

    @Test
    void parsesIpv4Ipv6MixedAndPersistenceEngineLines() {
        List<Connection> c = ConnectionTable.parse(List.of(
                "Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData",
                "TCP C0000201 9C40 C000020A 0050 C6336407 1F90 ESTABLISHED     898",
                "UDP 2001:0db8:0000:0000:0000:0000:0000:0001 D431 2001:0db8:0000:0000:0000:0000:0000:000a 0035"
                        + " 2001:0db8:0000:0000:0000:0000:0001:0002 0035 UDP             299",
                "TCP C0000201 0000 C000020A 0050 2001:0db8:0000:0000:0000:0000:0000:0005 0050 NONE  59",
                "UDP C0000201 13C4 C000020A 13C4 C6336407 13C4 UDP        170 sip 6a6f686e",
                "IP  C0000201 0000 00000001 0000 C6336407 0000 NONE            5"));
        assertThat(c).hasSize(4);
        assertThat(c.get(0)).isEqualTo(new Connection(Protocol.TCP, Addresses.parse("192.0.2.1"), 40000,
                Addresses.parse("192.0.2.10"), 80, Addresses.parse("198.51.100.7"), 8080, "ESTABLISHED",
                898));
        assertThat(c.get(1).clientAddress()).isEqualTo(Addresses.parse("2001:db8::1"));
        assertThat(c.get(1).realAddress()).isEqualTo(Addresses.parse("2001:db8::1:2"));
        assertThat(c.get(1).state()).isEqualTo("UDP");
        assertThat(c.get(2).realAddress()).isEqualTo(Addresses.parse("2001:db8::5"));
        assertThat(c.get(3).expiresInSeconds()).isEqualTo(170);
    }

    @Test
    void badLinesAreClearErrors() {
        assertThatThrownBy(() -> ConnectionTable.parse(List.of("TCP C0000201 9C40")))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("3 fields");
        assertThatThrownBy(() -> ConnectionTable.parse(List.of("TCP C00002 9C40 C000020A 0050 C6336407 1F90 X 1")))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("bad number");
        assertThat(ConnectionTable.parse(List.of("", "Pro FromIP"))).isEmpty();
    }

    @Test
    void signedOrNonHexNumbersAreMalformed() {
        // Fields of the right length that Integer.parseInt/Long.parseLong would read as negative or signed
        // numbers (the first gave realPort -1220), a negative expiry, and an address that is no literal.
        for (String line : List.of(
                "TCP BE6D710D A22C 802B6C22 8499 E0C36A3A -4C4 UDP 895",
                "TCP BE6D710D +22C 802B6C22 8499 E0C36A3A 04C4 UDP 895",
                "TCP -E6D710D A22C 802B6C22 8499 E0C36A3A 04C4 UDP 895",
                "TCP BE6D710D A22C 802B6C22 8499 E0C36A3A 04C4 UDP -5",
                "TCP BE6D710D A22C 802B6C22 8499 E0C36A3A 04C4 UDP +5",
                "TCP BE6D710D A22C 802B6C22 8499 E0C36A3A 04\u0663\u0664 UDP 5",
                "TCP BE6D710D A22C 802B6C22 8499 E0C36A3A 04C4 UDP \u0665",
                "TCP 2001:db8::zz A22C 802B6C22 8499 E0C36A3A 04C4 UDP 5")) {
            assertThatThrownBy(() -> ConnectionTable.parse(List.of(line))).as(line)
                    .isInstanceOf(MalformedMessageException.class).hasMessageContaining("bad number or address");
        }
        assertThat(ConnectionTable.parse(List.of("TCP BE6D710D a22c 802B6C22 8499 E0C36A3A 04C4 UDP 0")).get(0))
                .satisfies(c -> {
                    assertThat(c.clientPort()).isEqualTo(0xa22c);
                    assertThat(c.realPort()).isEqualTo(0x4c4);
                    assertThat(c.expiresInSeconds()).isZero();
                });
    }
}
