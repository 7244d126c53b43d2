package io.github.ipvs4j.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One netlink message read from a datagram.
 *
 * @param type {@code nlmsg_type}: a control type ({@code NLMSG_*}) or the generic netlink family id
 * @param flags {@code nlmsg_flags}
 * @param seq {@code nlmsg_seq}: the sequence number of the request it answers
 * @param portId {@code nlmsg_pid}
 * @param payload what follows the header, positioned at 0, in host byte order
 */
record NetlinkMessage(int type, int flags, int seq, int portId, ByteBuffer payload) {

    /**
     * Splits a datagram into messages.
     *
     * @throws MalformedMessageException if a header is truncated or a length is out of bounds
     */
    static List<NetlinkMessage> parseAll(ByteBuffer datagram) {
        ByteBuffer b = datagram.duplicate().order(ByteOrder.nativeOrder());
        List<NetlinkMessage> out = new ArrayList<>();
        int pos = b.position();
        int end = b.limit();
        while (pos < end) {
            if (end - pos < Netlink.HEADER_SIZE) {
                throw new MalformedMessageException("truncated header: " + (end - pos) + " bytes left at offset "
                        + pos + ", a header needs " + Netlink.HEADER_SIZE);
            }
            int length = b.getInt(pos);
            if (length < Netlink.HEADER_SIZE || length > end - pos) {
                throw new MalformedMessageException("message length " + Integer.toUnsignedString(length)
                        + " at offset " + pos + " is outside 16.." + (end - pos));
            }
            int type = b.getShort(pos + 4) & 0xffff;
            int flags = b.getShort(pos + 6) & 0xffff;
            int seq = b.getInt(pos + 8);
            int portId = b.getInt(pos + 12);
            ByteBuffer payload = b.duplicate().position(pos + Netlink.HEADER_SIZE).limit(pos + length).slice()
                    .order(ByteOrder.nativeOrder());
            out.add(new NetlinkMessage(type, flags, seq, portId, payload));
            pos += Math.min(Netlink.align(length), end - pos);
        }
        return out;
    }

    /** The generic netlink command of a family message. */
    int genlCommand() {
        if (payload.limit() < Netlink.GENL_HEADER_SIZE) {
            throw new MalformedMessageException("generic netlink header truncated: " + payload.limit() + " bytes");
        }
        return payload.get(0) & 0xff;
    }

    /** The attributes after the generic netlink header. */
    Attributes genlAttributes(String what) {
        genlCommand();
        return Attributes.parse(payload.duplicate().position(Netlink.GENL_HEADER_SIZE).slice()
                .order(ByteOrder.nativeOrder()), what);
    }

    /**
     * The error code of an {@code NLMSG_ERROR} message: 0 for an ACK, else a negative errno.
     */
    int errorCode() {
        if (payload.limit() < 4) {
            throw new MalformedMessageException("error message truncated: " + payload.limit() + " bytes");
        }
        return payload.getInt(0);
    }

    /** The kernel's extended-ACK text of an {@code NLMSG_ERROR} message, or null. */
    String errorText() {
        if ((flags & Netlink.NLM_F_ACK_TLVS) == 0 || payload.limit() < 4 + Netlink.HEADER_SIZE) {
            return null;
        }
        int requestLength = payload.getInt(4);
        int offset = 4 + ((flags & Netlink.NLM_F_CAPPED) != 0 ? Netlink.HEADER_SIZE : Netlink.align(requestLength));
        if (offset < 4 + Netlink.HEADER_SIZE || offset > payload.limit()) {
            return null;
        }
        Attributes tlvs = Attributes.parse(payload.duplicate().position(offset).slice()
                .order(ByteOrder.nativeOrder()), "extended ack");
        return tlvs.has(Netlink.NLMSGERR_ATTR_MSG) ? tlvs.string(Netlink.NLMSGERR_ATTR_MSG) : null;
    }
}
