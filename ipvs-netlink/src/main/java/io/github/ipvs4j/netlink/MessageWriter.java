package io.github.ipvs4j.netlink;

import java.net.InetAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes netlink messages, with generic netlink headers (or rtnetlink's fixed structures) and (nested)
 * attributes, one after another into a growing array, so that several requests can go out in one send.
 * Host byte order, except where a {@code putBe*} method says otherwise. Values are stored byte by byte into the array.
 */
// No call per store: that matters most where the code runs interpreted (a cold JVM, and every
// bytecode under emulation).
final class MessageWriter {
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private byte[] buf;
    private int pos;
    /**
     * The bytes of the last two addresses written ({@link InetAddress#getAddress()} copies on every
     * call): a request names a service and a real server, and a batch names the same service again
     * and again. InetAddress is immutable, so identity is enough.
     */
    private InetAddress lastAddress;
    private byte[] lastAddressBytes;
    private InetAddress otherAddress;
    private byte[] otherAddressBytes;

    MessageWriter(int initialCapacity) {
        buf = new byte[Math.max(64, initialCapacity)];
    }

    /** Forgets everything written. */
    void reset() {
        pos = 0;
    }

    /** Bytes written so far. */
    int size() {
        return pos;
    }

    /** The bytes written so far. */
    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /** The backing array; valid up to {@link #size()}. */
    byte[] array() {
        return buf;
    }

    /** Starts a message; returns its offset for {@link #endMessage(int)}. */
    int beginMessage(int type, int flags, int seq, int portId) {
        int start = pos;
        ensure(Netlink.HEADER_SIZE);
        i32(0);
        i16(type);
        i16(flags);
        i32(seq);
        i32(portId);
        return start;
    }

    /** Writes a generic netlink header: command and family version. */
    void genlHeader(int command, int version) {
        ensure(Netlink.GENL_HEADER_SIZE);
        buf[pos++] = (byte) command;
        buf[pos++] = (byte) version;
        i16(0);
    }

    /** Writes one byte of a fixed header (rtnetlink's structures after the netlink header). */
    void putRaw8(int value) {
        ensure(1);
        buf[pos++] = (byte) value;
    }

    /** Writes a 32-bit value, host byte order, of a fixed header. */
    void putRaw32(int value) {
        ensure(4);
        i32(value);
    }

    /** Finishes the message begun at {@code start}: fills in its length. */
    void endMessage(int start) {
        int end = pos;
        pos = start;
        i32(end - start);
        pos = end;
    }

    /** Starts a nested attribute; returns its offset for {@link #endNested(int)}. */
    int beginNested(int type) {
        int start = pos;
        ensure(Netlink.ATTR_HEADER_SIZE);
        i16(0);
        i16(type | Netlink.NLA_F_NESTED);
        return start;
    }

    /** Finishes the nested attribute begun at {@code start}. */
    void endNested(int start) {
        int end = pos;
        pos = start;
        i16(end - start);
        pos = end;
    }

    void putU8(int type, int value) {
        header(type, 1);
        buf[pos++] = (byte) value;
        pad();
    }

    void putU16(int type, int value) {
        header(type, 2);
        i16(value);
        pad();
    }

    void putU32(int type, int value) {
        header(type, 4);
        i32(value);
    }

    void putU64(int type, long value) {
        header(type, 8);
        if (LITTLE_ENDIAN) {
            i32((int) value);
            i32((int) (value >>> 32));
        } else {
            i32((int) (value >>> 32));
            i32((int) value);
        }
    }

    /** A 16-bit value in network byte order (ports). */
    void putBe16(int type, int value) {
        header(type, 2);
        buf[pos++] = (byte) (value >>> 8);
        buf[pos++] = (byte) value;
        pad();
    }

    /** A 32-bit value in network byte order (IPv4 netmasks). */
    void putBe32(int type, int value) {
        header(type, 4);
        buf[pos++] = (byte) (value >>> 24);
        buf[pos++] = (byte) (value >>> 16);
        buf[pos++] = (byte) (value >>> 8);
        buf[pos++] = (byte) value;
    }

    void putBytes(int type, byte[] value) {
        header(type, value.length);
        System.arraycopy(value, 0, buf, pos, value.length);
        pos += value.length;
        pad();
    }

    /** Two 32-bit values in one attribute (e.g. {@code struct ip_vs_flags}: flags, then mask). */
    void putU32Pair(int type, int first, int second) {
        header(type, 8);
        i32(first);
        i32(second);
    }

    /**
     * An address as a {@code size}-byte field ({@code union nf_inet_addr}: 16), zero-padded after the
     * address's own 4 or 16 bytes.
     */
    void putAddress(int type, InetAddress address, int size) {
        byte[] raw;
        if (address == lastAddress) {
            raw = lastAddressBytes;
        } else if (address == otherAddress) {
            raw = otherAddressBytes;
            otherAddress = lastAddress;
            otherAddressBytes = lastAddressBytes;
            lastAddress = address;
            lastAddressBytes = raw;
        } else {
            raw = address.getAddress();
            otherAddress = lastAddress;
            otherAddressBytes = lastAddressBytes;
            lastAddress = address;
            lastAddressBytes = raw;
        }
        if (raw.length > size) {
            throw new IllegalArgumentException("a " + raw.length + "-byte address in a " + size + "-byte field");
        }
        header(type, size);
        System.arraycopy(raw, 0, buf, pos, raw.length);
        int end = pos + size;
        for (pos += raw.length; pos < end; pos++) {
            buf[pos] = 0;
        }
        pad();
    }

    /** A NUL-terminated string given as its ASCII bytes (e.g. a cached scheduler name). */
    void putAsciiString(int type, byte[] ascii) {
        header(type, ascii.length + 1);
        System.arraycopy(ascii, 0, buf, pos, ascii.length);
        pos += ascii.length;
        buf[pos++] = 0;
        pad();
    }

    /** A NUL-terminated string. */
    void putString(int type, String value) {
        putAsciiString(type, value.getBytes(StandardCharsets.UTF_8));
    }

    /** An attribute header; makes room for the whole (padded) attribute. */
    private void header(int type, int payloadLength) {
        int total = Netlink.ATTR_HEADER_SIZE + payloadLength;
        if (total > 0xffff) {
            throw new IllegalArgumentException("attribute too long: " + payloadLength + " bytes");
        }
        ensure(Netlink.align(total));
        i16(total);
        i16(type);
    }

    private void i16(int v) {
        if (LITTLE_ENDIAN) {
            buf[pos] = (byte) v;
            buf[pos + 1] = (byte) (v >>> 8);
        } else {
            buf[pos] = (byte) (v >>> 8);
            buf[pos + 1] = (byte) v;
        }
        pos += 2;
    }

    private void i32(int v) {
        if (LITTLE_ENDIAN) {
            buf[pos] = (byte) v;
            buf[pos + 1] = (byte) (v >>> 8);
            buf[pos + 2] = (byte) (v >>> 16);
            buf[pos + 3] = (byte) (v >>> 24);
        } else {
            buf[pos] = (byte) (v >>> 24);
            buf[pos + 1] = (byte) (v >>> 16);
            buf[pos + 2] = (byte) (v >>> 8);
            buf[pos + 3] = (byte) v;
        }
        pos += 4;
    }

    private void pad() {
        while ((pos & 3) != 0) {
            buf[pos++] = 0;
        }
    }

    private void ensure(int more) {
        if (buf.length - pos < more) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }
}
