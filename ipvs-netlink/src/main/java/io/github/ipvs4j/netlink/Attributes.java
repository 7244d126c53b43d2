package io.github.ipvs4j.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The attributes of one level of a netlink message, by type. Unknown types (beyond what any IPVS
 * level defines) are skipped, as newer kernels may add attributes; a repeated type keeps the last
 * value, as the kernel's parser does. Getters check the attribute's size and throw
 * {@link MalformedMessageException} when it is absent or mis-sized.
 */
final class Attributes {
    /** Larger than any attribute type IPVS or nlctrl uses; higher types are skipped. */
    private static final int MAX_TYPE = 32;

    private final String context;
    private final ByteBuffer[] values = new ByteBuffer[MAX_TYPE + 1];

    private Attributes(String context) {
        this.context = context;
    }

    /**
     * Parses the attributes filling {@code region} (position 0 to limit).
     *
     * @param context what they describe, for error messages (e.g. "service")
     */
    static Attributes parse(ByteBuffer region, String context) {
        Attributes a = new Attributes(context);
        ByteBuffer b = region.duplicate().order(ByteOrder.nativeOrder());
        int pos = b.position();
        int end = b.limit();
        while (end - pos >= Netlink.ATTR_HEADER_SIZE) {
            int length = b.getShort(pos) & 0xffff;
            int type = b.getShort(pos + 2) & Netlink.NLA_TYPE_MASK;
            if (length < Netlink.ATTR_HEADER_SIZE || length > end - pos) {
                throw new MalformedMessageException(context + ": attribute " + type + " at offset " + pos
                        + " has length " + length + ", outside 4.." + (end - pos));
            }
            if (type <= MAX_TYPE) {
                a.values[type] = b.duplicate().position(pos + Netlink.ATTR_HEADER_SIZE).limit(pos + length).slice()
                        .order(ByteOrder.nativeOrder());
            }
            pos += Math.min(Netlink.align(length), end - pos);
        }
        if (pos != end) {
            throw new MalformedMessageException(context + ": " + (end - pos) + " stray bytes after the last attribute");
        }
        return a;
    }

    boolean has(int type) {
        return type <= MAX_TYPE && values[type] != null;
    }

    private ByteBuffer get(int type, int size) {
        ByteBuffer v = type <= MAX_TYPE ? values[type] : null;
        if (v == null) {
            throw new MalformedMessageException(context + ": attribute " + type + " is missing");
        }
        if (size >= 0 && v.limit() != size) {
            throw new MalformedMessageException(context + ": attribute " + type + " has " + v.limit()
                    + " bytes, expected " + size);
        }
        return v;
    }

    int u8(int type) {
        return get(type, 1).get(0) & 0xff;
    }

    int u16(int type) {
        return get(type, 2).getShort(0) & 0xffff;
    }

    /** A 32-bit value (callers treat it as unsigned where the kernel does). */
    int u32(int type) {
        return get(type, 4).getInt(0);
    }

    long u64(int type) {
        return get(type, 8).getLong(0);
    }

    /** A 16-bit value in network byte order. */
    int be16(int type) {
        ByteBuffer v = get(type, 2);
        return ((v.get(0) & 0xff) << 8) | (v.get(1) & 0xff);
    }

    /** A 32-bit value in network byte order. */
    int be32(int type) {
        return get(type, 4).duplicate().order(ByteOrder.BIG_ENDIAN).getInt(0);
    }

    /** The raw bytes. */
    byte[] bytes(int type) {
        ByteBuffer v = get(type, -1);
        byte[] b = new byte[v.limit()];
        v.duplicate().position(0).get(b);
        return b;
    }

    /** A string, up to its first NUL (the kernel's strings are NUL-terminated). */
    String string(int type) {
        byte[] b = bytes(type);
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    /** The attributes nested in {@code type}. */
    Attributes nested(int type, String context) {
        return parse(get(type, -1), this.context + " > " + context);
    }
}
