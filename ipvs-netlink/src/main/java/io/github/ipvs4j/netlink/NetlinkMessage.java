package io.github.ipvs4j.netlink;

import java.nio.ByteBuffer;

/**
 * A cursor over the netlink messages of one datagram, read in place from its array: {@link #next()} moves to the
 * next message and the accessors describe the current one. Nothing is copied, and the attribute views
 * it hands out are reused, so one cursor serves a whole dump without allocating; what it returns is
 * valid until the next {@link #next()} (or until the datagram's buffer is refilled).
 */
final class NetlinkMessage {
    private byte[] buf;
    private int next;
    private int end;
    private int payload;
    private int payloadEnd;
    private int type;
    private int flags;
    private int seq;
    private int portId;
    private final Attributes attributes = new Attributes();

    /**
     * Starts reading the messages of {@code datagram}, from its position to its limit, in place when
     * it has an array (as the socket's receive buffer has), else from a copy.
     *
     * @return this
     */
    NetlinkMessage reset(ByteBuffer datagram) {
        if (datagram.hasArray()) {
            int base = datagram.arrayOffset();
            return reset(datagram.array(), base + datagram.position(), base + datagram.limit());
        }
        byte[] copy = new byte[datagram.remaining()];
        datagram.duplicate().get(copy);
        return reset(copy, 0, copy.length);
    }

    /**
     * Starts reading the messages in {@code from..to} of {@code datagram}.
     *
     * @return this
     */
    NetlinkMessage reset(byte[] datagram, int from, int to) {
        buf = datagram;
        next = from;
        end = to;
        payload = payloadEnd = from;
        return this;
    }

    /** A cursor on the first message of {@code datagram}; for single-message replies and tests. */
    static NetlinkMessage first(ByteBuffer datagram) {
        NetlinkMessage m = new NetlinkMessage().reset(datagram);
        if (!m.next()) {
            throw new MalformedMessageException("empty datagram: no netlink message");
        }
        return m;
    }

    /**
     * Moves to the next message.
     *
     * @return false when the datagram has no more
     * @throws MalformedMessageException if a header is truncated or a length is out of bounds
     */
    boolean next() {
        int pos = next;
        if (pos >= end) {
            return false;
        }
        if (end - pos < Netlink.HEADER_SIZE) {
            next = end;
            throw new MalformedMessageException("truncated header: " + (end - pos) + " bytes left at offset "
                    + pos + ", a header needs " + Netlink.HEADER_SIZE);
        }
        int length = Attributes.i32(buf, pos);
        if (length < Netlink.HEADER_SIZE || length > end - pos) {
            next = end;
            throw new MalformedMessageException("message length " + Integer.toUnsignedString(length)
                    + " at offset " + pos + " is outside 16.." + (end - pos));
        }
        type = Attributes.u16(buf, pos + 4);
        flags = Attributes.u16(buf, pos + 6);
        seq = Attributes.i32(buf, pos + 8);
        portId = Attributes.i32(buf, pos + 12);
        payload = pos + Netlink.HEADER_SIZE;
        payloadEnd = pos + length;
        next = pos + Math.min(Netlink.align(length), end - pos);
        return true;
    }

    /** {@code nlmsg_type}: a control type ({@code NLMSG_*}) or the generic netlink family id. */
    int type() {
        return type;
    }

    /** {@code nlmsg_flags}. */
    int flags() {
        return flags;
    }

    /** {@code nlmsg_seq}: the sequence number of the request it answers. */
    int seq() {
        return seq;
    }

    /** {@code nlmsg_pid}. */
    int portId() {
        return portId;
    }

    /** The number of bytes after the header. */
    int payloadLength() {
        return payloadEnd - payload;
    }

    /** The generic netlink command of a family message. */
    int genlCommand() {
        if (payloadLength() < Netlink.GENL_HEADER_SIZE) {
            throw new MalformedMessageException("generic netlink header truncated: " + payloadLength() + " bytes");
        }
        return buf[payload] & 0xff;
    }

    /** The attributes after the generic netlink header, in this cursor's reused view. */
    Attributes genlAttributes(String what) {
        genlCommand();
        return attributes.parse(buf, payload + Netlink.GENL_HEADER_SIZE, payloadEnd, what);
    }

    /**
     * The attributes after a fixed-size header (an rtnetlink message's {@code struct ifinfomsg},
     * {@code ifaddrmsg} or {@code rtmsg}), in this cursor's reused view.
     *
     * @param headerSize the size of that header
     * @param what what the message describes, for error messages
     * @throws MalformedMessageException if the message is shorter than the header
     */
    Attributes attributesAfter(int headerSize, String what) {
        requirePayload(headerSize, what);
        return attributes.parse(buf, payload + Netlink.align(headerSize), payloadEnd, what);
    }

    /** The unsigned byte at {@code offset} in the payload. */
    int payloadU8(int offset) {
        requirePayload(offset + 1, "message");
        return buf[payload + offset] & 0xff;
    }

    /** The 32-bit value (host byte order) at {@code offset} in the payload. */
    int payloadI32(int offset) {
        requirePayload(offset + 4, "message");
        return Attributes.i32(buf, payload + offset);
    }

    private void requirePayload(int size, String what) {
        if (payloadLength() < size) {
            throw new MalformedMessageException(what + ": header truncated: " + payloadLength() + " bytes, expected "
                    + size);
        }
    }

    /**
     * The error code of an {@code NLMSG_ERROR} message: 0 for an ACK, else a negative errno. Also
     * the status word of an {@code NLMSG_DONE} message, which is negative when a dump failed.
     */
    int errorCode() {
        if (payloadLength() < 4) {
            throw new MalformedMessageException("error message truncated: " + payloadLength() + " bytes");
        }
        return Attributes.i32(buf, payload);
    }

    /** The kernel's extended-ACK text of an {@code NLMSG_ERROR} message, or null. */
    String errorText() {
        if ((flags & Netlink.NLM_F_ACK_TLVS) == 0 || payloadLength() < 4 + Netlink.HEADER_SIZE) {
            return null;
        }
        int requestLength = Attributes.i32(buf, payload + 4);
        int offset = 4 + ((flags & Netlink.NLM_F_CAPPED) != 0 ? Netlink.HEADER_SIZE : Netlink.align(requestLength));
        if (offset < 4 + Netlink.HEADER_SIZE || offset > payloadLength()) {
            return null;
        }
        // An error path: a view of its own, so the cursor's reused one stays as it was.
        Attributes tlvs = new Attributes().parse(buf, payload + offset, payloadEnd, "extended ack");
        return tlvs.has(Netlink.NLMSGERR_ATTR_MSG) ? tlvs.string(Netlink.NLMSGERR_ATTR_MSG) : null;
    }
}
