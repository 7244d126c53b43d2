package io.github.ipvs4j.netlink;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes netlink messages, with generic netlink headers and (nested) attributes, one after another
 * into a growing buffer, so that several requests can go out in one send. Host byte order, except
 * where a {@code putBe*} method says otherwise.
 */
final class MessageWriter {
    private ByteBuffer buf;
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
        buf = ByteBuffer.allocate(Math.max(64, initialCapacity)).order(ByteOrder.nativeOrder());
    }

    /** Forgets everything written. */
    void reset() {
        buf.clear();
    }

    /** Bytes written so far. */
    int size() {
        return buf.position();
    }

    /** The bytes written so far. */
    byte[] toByteArray() {
        return Arrays.copyOf(buf.array(), buf.position());
    }

    /** The backing array; valid up to {@link #size()}. */
    byte[] array() {
        return buf.array();
    }

    /** Starts a message; returns its offset for {@link #endMessage(int)}. */
    int beginMessage(int type, int flags, int seq, int portId) {
        int start = buf.position();
        ensure(Netlink.HEADER_SIZE);
        buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(seq).putInt(portId);
        return start;
    }

    /** Writes a generic netlink header: command and family version. */
    void genlHeader(int command, int version) {
        ensure(Netlink.GENL_HEADER_SIZE);
        buf.put((byte) command).put((byte) version).putShort((short) 0);
    }

    /** Finishes the message begun at {@code start}: fills in its length. */
    void endMessage(int start) {
        buf.putInt(start, buf.position() - start);
    }

    /** Starts a nested attribute; returns its offset for {@link #endNested(int)}. */
    int beginNested(int type) {
        int start = buf.position();
        ensure(Netlink.ATTR_HEADER_SIZE);
        buf.putShort((short) 0).putShort((short) (type | Netlink.NLA_F_NESTED));
        return start;
    }

    /** Finishes the nested attribute begun at {@code start}. */
    void endNested(int start) {
        buf.putShort(start, (short) (buf.position() - start));
    }

    void putU8(int type, int value) {
        header(type, 1);
        buf.put((byte) value);
        pad();
    }

    void putU16(int type, int value) {
        header(type, 2);
        buf.putShort((short) value);
        pad();
    }

    void putU32(int type, int value) {
        header(type, 4);
        buf.putInt(value);
    }

    void putU64(int type, long value) {
        header(type, 8);
        buf.putLong(value);
    }

    /** A 16-bit value in network byte order (ports). */
    void putBe16(int type, int value) {
        header(type, 2);
        buf.put((byte) (value >>> 8)).put((byte) value);
        pad();
    }

    /** A 32-bit value in network byte order (IPv4 netmasks). */
    void putBe32(int type, int value) {
        header(type, 4);
        buf.put((byte) (value >>> 24)).put((byte) (value >>> 16)).put((byte) (value >>> 8)).put((byte) value);
    }

    void putBytes(int type, byte[] value) {
        header(type, value.length);
        buf.put(value);
        pad();
    }

    /** Two 32-bit values in one attribute (e.g. {@code struct ip_vs_flags}: flags, then mask). */
    void putU32Pair(int type, int first, int second) {
        header(type, 8);
        buf.putInt(first).putInt(second);
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
        buf.put(raw);
        int zeros = size - raw.length;
        for (; zeros >= 8; zeros -= 8) {
            buf.putLong(0);
        }
        for (; zeros > 0; zeros--) {
            buf.put((byte) 0);
        }
        pad();
    }

    /** A NUL-terminated string given as its ASCII bytes (e.g. a cached scheduler name). */
    void putAsciiString(int type, byte[] ascii) {
        header(type, ascii.length + 1);
        buf.put(ascii).put((byte) 0);
        pad();
    }

    /** A NUL-terminated string. */
    void putString(int type, String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        header(type, b.length + 1);
        buf.put(b).put((byte) 0);
        pad();
    }

    private void header(int type, int payloadLength) {
        int total = Netlink.ATTR_HEADER_SIZE + payloadLength;
        if (total > 0xffff) {
            throw new IllegalArgumentException("attribute too long: " + payloadLength + " bytes");
        }
        ensure(Netlink.align(total));
        buf.putShort((short) total).putShort((short) type);
    }

    private void pad() {
        while ((buf.position() & 3) != 0) {
            buf.put((byte) 0);
        }
    }

    private void ensure(int more) {
        if (buf.remaining() < more) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more))
                    .order(ByteOrder.nativeOrder());
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
    }
}
