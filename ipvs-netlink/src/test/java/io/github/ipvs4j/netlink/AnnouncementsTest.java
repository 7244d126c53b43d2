package io.github.ipvs4j.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ipvs4j.internal.Addresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The announcement packets byte by byte, and the Internet checksum they carry. */
class AnnouncementsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] MAC = HEX.parseHex("02005e00010a");

    @Test
    void theOnesComplementSumIsRfc1071sExample() {
        // RFC 1071, section 3: the words 0001 f203 f4f5 f6f7 sum to 2ddf0, folded ddf2.
        byte[] words = HEX.parseHex("0001f203f4f5f6f7");
        assertThat(Announcements.sum16(words, 0, words.length)).isEqualTo(0x2ddf0);
        assertThat(Announcements.fold(0x2ddf0)).isEqualTo(0xddf2);
        // An odd byte counts as the high half of a last word.
        assertThat(Announcements.sum16(HEX.parseHex("0102ff"), 0, 3)).isEqualTo(0x0102 + 0xff00);
    }

    @Test
    void aGratuitousArpNamesTheAddressAsSenderAndTarget() {
        byte[] p = Announcements.gratuitousArp(MAC, (Inet4Address) Addresses.fromBytes(new byte[] {(byte) 192, 0, 2,
                10}));
        assertThat(HEX.formatHex(p)).isEqualTo("0001" + "0800" + "06" + "04" + "0001" + "02005e00010a" + "c000020a"
                + "000000000000" + "c000020a");
    }

    @Test
    void anUnsolicitedNeighbourAdvertisementOverridesFromTheAddressToAllNodes() {
        Inet6Address address = (Inet6Address) Addresses.fromBytes(HEX.parseHex("20010db8000000000000000000000010"));
        byte[] p = Announcements.neighbourAdvertisement(MAC, address);
        String hex = HEX.formatHex(p);
        assertThat(p).hasSize(40 + 32);
        assertThat(hex.substring(0, 16)).isEqualTo("60000000" + "0020" + "3a" + "ff"); // payload 32, ICMPv6, hop 255
        assertThat(hex.substring(16, 48)).isEqualTo("20010db8000000000000000000000010");
        assertThat(hex.substring(48, 80)).isEqualTo("ff020000000000000000000000000001");
        String icmp = hex.substring(80);
        assertThat(icmp.substring(0, 4)).isEqualTo("8800"); // type 136, code 0
        assertThat(icmp.substring(8)).isEqualTo("20000000" + "20010db8000000000000000000000010" + "0201"
                + "02005e00010a");
        // The receiver's check: the sum over pseudo-header and message, checksum included, is all ones.
        byte[] message = Arrays.copyOfRange(p, 40, p.length);
        long sum = Announcements.sum16(address.getAddress(), 0, 16)
                + Announcements.sum16(Announcements.ALL_NODES, 0, 16)
                + message.length + 58 + Announcements.sum16(message, 0, message.length);
        assertThat(Announcements.fold(sum)).isEqualTo(0xffff);
    }

    @Test
    void theChecksumIsComputedOverAZeroedChecksumField() {
        byte[] src = HEX.parseHex("fe800000000000000000000000000001");
        byte[] dst = Announcements.ALL_NODES;
        byte[] message = HEX.parseHex("88000000" + "20000000" + "fe800000000000000000000000000001");
        // By hand: the pseudo-header's words sum to fe80+0001+ff02+0001+0018+003a = 1fdd6, the message's to
        // 8800+2000+fe80+0001 = 1a681; 1fdd6+1a681 = 3a457, folded a45a, complemented 5ba5.
        assertThat(Announcements.icmpv6Checksum(src, dst, message, 0, message.length)).isEqualTo(0x5ba5);
    }
}
