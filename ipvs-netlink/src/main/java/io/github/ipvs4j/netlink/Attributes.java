package io.github.ipvs4j.netlink;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.AddressFamily;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The attributes of one level of a netlink message, by type: a view over the datagram's bytes that
 * keeps only where each attribute's payload lies, so parsing copies and allocates nothing. Values are
 * assembled from the array's bytes directly. Unknown
 * types (beyond what any IPVS level defines) are skipped, as newer kernels may add attributes; a
 * repeated type keeps the last value, as the kernel's parser does. Getters check the attribute's size
 * and throw {@link MalformedMessageException} when it is absent or mis-sized.
 *
 * <p>An instance is reused: {@link #nested} re-parses one child per parent, so a nested view is valid
 * until the next {@code nested} call on the same parent, and every view until its buffer is refilled
 * (the next datagram on the socket).
 */
// No call per read: that matters most where the code runs interpreted (a cold JVM, and every
// bytecode under emulation).
final class Attributes {
    /** Larger than any attribute type IPVS or nlctrl uses; higher types are skipped. */
    private static final int MAX_TYPE = 32;
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private final Attributes parent;
    private String name;
    /** The datagram (host byte order); attributes are read at absolute offsets. */
    private byte[] buf;
    /** Bit {@code t} set: type {@code t} is present (types 0..32 fit a long), so nothing to clear. */
    private long present;
    private final int[] offsets = new int[MAX_TYPE + 1];
    private final int[] lengths = new int[MAX_TYPE + 1];
    private Attributes child;
    /** For IPv4 addresses: the JDK copies what it is given, so one array serves every decode. */
    private byte[] address4;
    private byte[] address6;

    /** An empty view, to be filled by {@link #parse(byte[], int, int, String)}. */
    Attributes() {
        this(null);
    }

    private Attributes(Attributes parent) {
        this.parent = parent;
    }

    /**
     * Parses the attributes filling {@code region} (position to limit) into a new view.
     *
     * @param context what they describe, for error messages (e.g. "service")
     */
    static Attributes parse(ByteBuffer region, String context) {
        if (region.hasArray()) {
            int base = region.arrayOffset();
            return new Attributes().parse(region.array(), base + region.position(), base + region.limit(), context);
        }
        byte[] copy = new byte[region.remaining()];
        region.duplicate().get(copy);
        return new Attributes().parse(copy, 0, copy.length, context);
    }

    /**
     * Re-parses this view over {@code from..to} of {@code buffer}.
     *
     * @param name what the attributes describe, for error messages
     * @return this
     */
    Attributes parse(byte[] buffer, int from, int to, String name) {
        this.buf = buffer;
        this.name = name;
        long seen = 0;
        int pos = from;
        while (to - pos >= Netlink.ATTR_HEADER_SIZE) {
            int length = u16(buffer, pos);
            int type = u16(buffer, pos + 2) & Netlink.NLA_TYPE_MASK;
            if (length < Netlink.ATTR_HEADER_SIZE || length > to - pos) {
                present = 0;
                throw new MalformedMessageException(context() + ": attribute " + type + " at offset "
                        + (pos - from) + " has length " + length + ", outside 4.." + (to - pos));
            }
            if (type <= MAX_TYPE) {
                seen |= 1L << type;
                offsets[type] = pos + Netlink.ATTR_HEADER_SIZE;
                lengths[type] = length - Netlink.ATTR_HEADER_SIZE;
            }
            pos += Math.min(Netlink.align(length), to - pos);
        }
        if (pos != to) {
            present = 0;
            throw new MalformedMessageException(context() + ": " + (to - pos) + " stray bytes after the last attribute");
        }
        present = seen;
        return this;
    }

    /** The path of names from the message down to this level, built only for error messages. */
    private String context() {
        return parent == null ? name : parent.context() + " > " + name;
    }

    boolean has(int type) {
        return type <= MAX_TYPE && (present & (1L << type)) != 0;
    }

    /** The offset of the attribute's payload, after checking that it is there with {@code size} bytes. */
    private int at(int type, int size) {
        if (!has(type)) {
            throw new MalformedMessageException(context() + ": attribute " + type + " is missing");
        }
        if (size >= 0 && lengths[type] != size) {
            throw new MalformedMessageException(context() + ": attribute " + type + " has " + lengths[type]
                    + " bytes, expected " + size);
        }
        return offsets[type];
    }

    /** The payload length of a present attribute. */
    int length(int type) {
        at(type, -1);
        return lengths[type];
    }

    int u8(int type) {
        return buf[at(type, 1)] & 0xff;
    }

    int u16(int type) {
        return u16(buf, at(type, 2));
    }

    /** A 32-bit value (callers treat it as unsigned where the kernel does). */
    int u32(int type) {
        return i32(buf, at(type, 4));
    }

    /** The first 32-bit word of an attribute of at least 4 bytes (e.g. the flags of a flags/mask pair). */
    int firstU32(int type) {
        int offset = at(type, -1);
        if (lengths[type] < 4) {
            throw new MalformedMessageException(context() + ": attribute " + type + " has " + lengths[type]
                    + " bytes, expected at least 4");
        }
        return i32(buf, offset);
    }

    long u64(int type) {
        int offset = at(type, 8);
        long first = i32(buf, offset) & 0xffffffffL;
        long second = i32(buf, offset + 4) & 0xffffffffL;
        return LITTLE_ENDIAN ? second << 32 | first : first << 32 | second;
    }

    /** A 16-bit value in network byte order. */
    int be16(int type) {
        int offset = at(type, 2);
        return (buf[offset] & 0xff) << 8 | buf[offset + 1] & 0xff;
    }

    /** A 32-bit value in network byte order. */
    int be32(int type) {
        int offset = at(type, 4);
        return buf[offset] << 24 | (buf[offset + 1] & 0xff) << 16 | (buf[offset + 2] & 0xff) << 8
                | buf[offset + 3] & 0xff;
    }

    /** An unsigned 16-bit value in host byte order at {@code i}. */
    static int u16(byte[] b, int i) {
        return LITTLE_ENDIAN ? (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 : (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
    }

    /** A 32-bit value in host byte order at {@code i}. */
    static int i32(byte[] b, int i) {
        return LITTLE_ENDIAN
                ? (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | b[i + 3] << 24
                : b[i] << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
    }

    /** The raw bytes, copied. */
    byte[] bytes(int type) {
        int offset = at(type, -1);
        byte[] b = new byte[lengths[type]];
        System.arraycopy(buf, offset, b, 0, b.length);
        return b;
    }

    /** A string, up to its first NUL (the kernel's strings are NUL-terminated). */
    String string(int type) {
        int offset = at(type, -1);
        return new String(buf, offset, stringLength(offset, lengths[type]), StandardCharsets.UTF_8);
    }

    /** Whether a string attribute (up to its first NUL) is exactly {@code ascii}; compares in place. */
    boolean stringEquals(int type, byte[] ascii) {
        int offset = at(type, -1);
        if (stringLength(offset, lengths[type]) != ascii.length) {
            return false;
        }
        for (int i = 0; i < ascii.length; i++) {
            if (buf[offset + i] != ascii[i]) {
                return false;
            }
        }
        return true;
    }

    private int stringLength(int offset, int max) {
        int n = 0;
        while (n < max && buf[offset + n] != 0) {
            n++;
        }
        return n;
    }

    /**
     * An address attribute ({@code union nf_inet_addr}): its first 4 (IPv4) or 16 (IPv6) bytes,
     * read straight into the array the {@link InetAddress} is built from.
     *
     * @param what whose address it is, for the error message
     */
    InetAddress address(int type, AddressFamily family, String what) {
        int offset = at(type, -1);
        boolean ipv6 = family == AddressFamily.INET6;
        int size = ipv6 ? 16 : 4;
        if (lengths[type] < size) {
            throw new MalformedMessageException(what + " address has " + lengths[type] + " bytes, expected at least "
                    + size + " for " + family);
        }
        byte[] raw = ipv6 ? (address6 != null ? address6 : (address6 = new byte[16]))
                : (address4 != null ? address4 : (address4 = new byte[4]));
        System.arraycopy(buf, offset, raw, 0, size);
        return Addresses.fromBytes(raw); // copies raw (InetAddress keeps its own copy), so raw is reused
    }

    /** The attributes nested in {@code type}, parsed into this level's one reused child view. */
    Attributes nested(int type, String context) {
        int offset = at(type, -1);
        if (child == null) {
            child = new Attributes(this);
        }
        return child.parse(buf, offset, offset + lengths[type], context);
    }
}
