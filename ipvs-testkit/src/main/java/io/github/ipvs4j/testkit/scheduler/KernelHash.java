package io.github.ipvs4j.testkit.scheduler;

import java.net.InetAddress;

/**
 * The hash functions IPVS schedulers use, written for Java so that the fake picks the same bucket as
 * the kernel for the same input: {@code hash_32} (multiplicative, golden ratio) and {@code hsiphash}
 * as x86-64 kernels build it (SipHash-1-3 over 64-bit words, truncated to 32 bits).
 */
public final class KernelHash {
    /** The kernel's {@code GOLDEN_RATIO_32}. */
    static final int GOLDEN_RATIO_32 = 0x61C88647;

    private KernelHash() {
    }

    /** {@code hash_32(val, bits)}: the top {@code bits} bits of {@code val * GOLDEN_RATIO_32}. */
    public static int hash32(int value, int bits) {
        return (value * GOLDEN_RATIO_32) >>> (32 - bits);
    }

    /**
     * Folds an address to 32 bits as the schedulers do for a service of the given family: an IPv4
     * service reads the first 32-bit word of the address, an IPv6 service XORs its four words (an IPv4
     * address in an IPv6 service is one word followed by zeros). The result is in host order
     * ({@code ntohl} of the fold).
     */
    public static int fold(boolean ipv6Service, InetAddress address) {
        byte[] b = address.getAddress();
        if (!ipv6Service) {
            return word(b, 0);
        }
        int v = 0;
        for (int i = 0; i < b.length; i += 4) {
            v ^= word(b, i);
        }
        return v;
    }

    private static int word(byte[] b, int i) {
        return ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
    }

    /**
     * {@code hsiphash(&v, 4, key)} on a 64-bit kernel, where {@code hsiphash_key_t} is two 64-bit
     * words and the function is SipHash-1-3 truncated to 32 bits.
     */
    public static int hsiphash32(int value, long key0, long key1) {
        long m = (4L << 56) | (value & 0xFFFF_FFFFL);
        return (int) sipHash(new long[0], m, key0, key1, 1, 3);
    }

    /**
     * SipHash-c-d of a message given as its whole 64-bit little-endian words and the final word
     * ({@code length << 56} with the trailing bytes), with a 128-bit key. Exposed for tests against
     * the reference vectors.
     */
    static long sipHash(long[] words, long last, long k0, long k1, int cRounds, int dRounds) {
        long v0 = 0x736f6d6570736575L ^ k0;
        long v1 = 0x646f72616e646f6dL ^ k1;
        long v2 = 0x6c7967656e657261L ^ k0;
        long v3 = 0x7465646279746573L ^ k1;
        long[] s = {v0, v1, v2, v3};
        for (long m : words) {
            s[3] ^= m;
            for (int i = 0; i < cRounds; i++) {
                round(s);
            }
            s[0] ^= m;
        }
        s[3] ^= last;
        for (int i = 0; i < cRounds; i++) {
            round(s);
        }
        s[0] ^= last;
        s[2] ^= 0xff;
        for (int i = 0; i < dRounds; i++) {
            round(s);
        }
        return s[0] ^ s[1] ^ s[2] ^ s[3];
    }

    private static void round(long[] s) {
        s[0] += s[1];
        s[1] = Long.rotateLeft(s[1], 13);
        s[1] ^= s[0];
        s[0] = Long.rotateLeft(s[0], 32);
        s[2] += s[3];
        s[3] = Long.rotateLeft(s[3], 16);
        s[3] ^= s[2];
        s[0] += s[3];
        s[3] = Long.rotateLeft(s[3], 21);
        s[3] ^= s[0];
        s[2] += s[1];
        s[1] = Long.rotateLeft(s[1], 17);
        s[1] ^= s[2];
        s[2] = Long.rotateLeft(s[2], 32);
    }
}
