package io.github.ipvs4j.netlink;

/** Netlink and generic netlink constants ({@code linux/netlink.h}, {@code linux/genetlink.h}). */
final class Netlink {
    private Netlink() {
    }

    /** Size of {@code struct nlmsghdr}. */
    static final int HEADER_SIZE = 16;
    /** Size of {@code struct genlmsghdr}. */
    static final int GENL_HEADER_SIZE = 4;
    /** Size of {@code struct nlattr}. */
    static final int ATTR_HEADER_SIZE = 4;

    static final int NLMSG_NOOP = 1;
    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;
    static final int NLMSG_OVERRUN = 4;

    static final int NLM_F_REQUEST = 0x1;
    static final int NLM_F_MULTI = 0x2;
    static final int NLM_F_ACK = 0x4;
    static final int NLM_F_DUMP_INTR = 0x10;
    static final int NLM_F_DUMP = 0x300;
    /** In an ACK: the request's payload was left out (NETLINK_CAP_ACK). */
    static final int NLM_F_CAPPED = 0x100;
    /** In an ACK: extended-ACK attributes follow. */
    static final int NLM_F_ACK_TLVS = 0x200;

    static final int NLA_F_NESTED = 0x8000;
    static final int NLA_F_NET_BYTEORDER = 0x4000;
    static final int NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

    static final int NLMSGERR_ATTR_MSG = 1;

    /** The generic netlink controller ("nlctrl") and its command and attributes. */
    static final int GENL_ID_CTRL = 16;
    static final int CTRL_CMD_NEWFAMILY = 1;
    static final int CTRL_CMD_GETFAMILY = 3;
    static final int CTRL_ATTR_FAMILY_ID = 1;
    static final int CTRL_ATTR_FAMILY_NAME = 2;

    /** Rounds up to netlink's 4-byte alignment. */
    static int align(int length) {
        return (length + 3) & ~3;
    }
}
