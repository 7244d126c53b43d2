package io.github.ipvs4j.netlink;

import io.github.ipvs4j.AddressFamily;
import io.github.ipvs4j.Addresses;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The attributes of one level of a netlink message, by type: a view over the datagram's buffer that
 * keeps only where each attribute's payload lies, so parsing copies and allocates nothing. Unknown
 * types (beyond what any IPVS level defines) are skipped, as newer kernels may add attributes; a
 * repeated type keeps the last value, as the kernel's parser does. Getters check the attribute's size
 * and throw {@link MalformedMessageException} when it is absent or mis-sized.
 *
 * <p>An instance is reused: {@link #nested} re-parses one child per parent, so a nested view is valid
 * until the next {@code nested} call on the same parent, and every view until its buffer is refilled
 * (the next datagram on the socket).
 */
final class Attributes {
    /** Larger than any attribute type IPVS or nlctrl uses; higher types are skipped. */
    private static final int MAX_TYPE = 32;
    private static final boolean BIG_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;

    private final Attributes parent;
    private String name;
    /** The datagram, in host byte order; attributes are read at absolute offsets. */
    private ByteBuffer buf;
    /** Bit {@code t} set: type {@code t} is present (types 0..32 fit a long), so nothing to clear. */
    private long present;
    private final int[] offsets = new int[MAX_TYPE + 1];
    private final int[] lengths = new int[MAX_TYPE + 1];
    private Attributes child;
    /** For IPv4 addresses: the JDK copies what it is given, so one array serves every decode. */
    private byte[] address4;
    private byte[] address6;

    /** An empty view, to be filled by {@link #parse(ByteBuffer, int, int, String)}. */
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
        ByteBuffer b = region.order() == ByteOrder.nativeOrder() ? region
                : region.duplicate().order(ByteOrder.nativeOrder());
        return new Attributes().parse(b, region.position(), region.limit(), context);
    }

    /**
     * Re-parses this view over {@code from..to} of {@code buffer}, which must be in host byte order.
     *
     * @param name what the attributes describe, for error messages
     * @return this
     */
    Attributes parse(ByteBuffer buffer, int from, int to, String name) {
        this.buf = buffer;
        this.name = name;
        long seen = 0;
        int pos = from;
        while (to - pos >= Netlink.ATTR_HEADER_SIZE) {
            int length = buffer.getShort(pos) & 0xffff;
            int type = buffer.getShort(pos + 2) & Netlink.NLA_TYPE_MASK;
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
        return buf.get(at(type, 1)) & 0xff;
    }

    int u16(int type) {
        return buf.getShort(at(type, 2)) & 0xffff;
    }

    /** A 32-bit value (callers treat it as unsigned where the kernel does). */
    int u32(int type) {
        return buf.getInt(at(type, 4));
    }

    /** The first 32-bit word of an attribute of at least 4 bytes (e.g. the flags of a flags/mask pair). */
    int firstU32(int type) {
        int offset = at(type, -1);
        if (lengths[type] < 4) {
            throw new MalformedMessageException(context() + ": attribute " + type + " has " + lengths[type]
                    + " bytes, expected at least 4");
        }
        return buf.getInt(offset);
    }

    long u64(int type) {
        return buf.getLong(at(type, 8));
    }

    /** A 16-bit value in network byte order. */
    int be16(int type) {
        short v = buf.getShort(at(type, 2));
        return (BIG_ENDIAN ? v : Short.reverseBytes(v)) & 0xffff;
    }

    /** A 32-bit value in network byte order. */
    int be32(int type) {
        int v = buf.getInt(at(type, 4));
        return BIG_ENDIAN ? v : Integer.reverseBytes(v);
    }

    /** The raw bytes, copied. */
    byte[] bytes(int type) {
        int offset = at(type, -1);
        byte[] b = new byte[lengths[type]];
        buf.get(offset, b, 0, b.length);
        return b;
    }

    /** A string, up to its first NUL (the kernel's strings are NUL-terminated). */
    String string(int type) {
        int offset = at(type, -1);
        int n = stringLength(offset, lengths[type]);
        if (buf.hasArray()) {
            return new String(buf.array(), buf.arrayOffset() + offset, n, StandardCharsets.UTF_8);
        }
        byte[] b = new byte[n];
        buf.get(offset, b, 0, n);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Whether a string attribute (up to its first NUL) is exactly {@code ascii}; compares in place. */
    boolean stringEquals(int type, byte[] ascii) {
        int offset = at(type, -1);
        if (stringLength(offset, lengths[type]) != ascii.length) {
            return false;
        }
        for (int i = 0; i < ascii.length; i++) {
            if (buf.get(offset + i) != ascii[i]) {
                return false;
            }
        }
        return true;
    }

    private int stringLength(int offset, int max) {
        int n = 0;
        while (n < max && buf.get(offset + n) != 0) {
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
        buf.get(offset, raw, 0, size);
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
