package io.github.ipvs4j.testkit.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ipvs4j.internal.Addresses;
import org.junit.jupiter.api.Test;

class KernelHashTest {
    private static final long K0 = 0x0706050403020100L;
    private static final long K1 = 0x0f0e0d0c0b0a0908L;

    @Test
    void sipHash24MatchesTheReferenceVectors() {
        // SipHash-2-4 of the empty message and of bytes 00..0e, key 00..0f (the paper's vectors).
        assertThat(KernelHash.sipHash(new long[0], 0, K0, K1, 2, 4)).isEqualTo(0x726fdb47dd0e0e31L);
        assertThat(KernelHash.sipHash(new long[] {0x0706050403020100L}, 0x0f0e0d0c0b0a0908L, K0, K1, 2, 4))
                .isEqualTo(0xa129ca6149be45e5L);
    }

    @Test
    void hsiphashMatchesTheKernelSelfTestVectorsFor64BitKernels() {
        // lib/siphash_kunit.c, BITS_PER_LONG == 64: vector n hashes bytes 0..n-1.
        assertThat((int) KernelHash.sipHash(new long[0], 0, K0, K1, 1, 3)).isEqualTo(0x050fc4dc);
        assertThat(KernelHash.hsiphash32(0x03020100, K0, K1)).isEqualTo(0x88d38328);
        assertThat((int) KernelHash.sipHash(new long[] {0x0706050403020100L}, 8L << 56, K0, K1, 1, 3))
                .isEqualTo(0x8d299a8e);
    }

    @Test
    void hash32IsTheTopBitsOfTheGoldenRatioProduct() {
        assertThat(KernelHash.hash32(0, 8)).isZero();
        assertThat(KernelHash.hash32(1, 32)).isEqualTo(0x61C88647);
        assertThat(KernelHash.hash32(0xCB007105, 8)).isEqualTo(185); // 203.0.113.5, worked out by hand
    }

    @Test
    void foldXorsIpv6WordsAndReadsIpv4AsIs() {
        assertThat(KernelHash.fold(false, Addresses.parse("203.0.113.5"))).isEqualTo(0xCB007105);
        assertThat(KernelHash.fold(true, Addresses.parse("2001:db8::1"))).isEqualTo(0x20010db8 ^ 1);
        assertThat(KernelHash.fold(true, Addresses.parse("203.0.113.5"))).isEqualTo(0xCB007105);
        assertThat(KernelHash.fold(false, Addresses.parse("2001:db8::1"))).isEqualTo(0x20010db8);
    }
}
