package io.github.ipvs4j.host;

import io.github.ipvs4j.model.InvalidConfigurationException;

/**
 * The kernel settings an LVS cluster depends on, each where {@code sysctl} names it. Per-interface
 * settings exist once per interface and twice more, as {@code all} and {@code default} (what new
 * interfaces start with); {@link #effective(int, int)} is the kernel's rule for which value an
 * interface works with. A {@link Setting} is one of them, for one interface where it applies.
 *
 * <p>The {@code net.ipv4.vs.*} settings exist only while the {@code ip_vs} module is loaded, and each
 * network namespace has its own; a kernel that lacks one reports it as absent, not as an error.
 */
public enum Sysctl {
    /** {@code net.ipv4.conf.IF.arp_ignore}: which ARP requests to answer; 1 = only for addresses on the
     * receiving interface. DR and TUN real servers need 1 or more, so they never answer for the VIP. */
    ARP_IGNORE(Kind.IPV4_INTERFACE, "arp_ignore", 0, 8, Effective.MAX, 0),
    /** {@code net.ipv4.conf.IF.arp_announce}: which source address ARP requests name; 2 = the best
     * address on the outgoing interface, never the VIP on {@code lo}. DR and TUN real servers need 2. */
    ARP_ANNOUNCE(Kind.IPV4_INTERFACE, "arp_announce", 0, 2, Effective.MAX, 0),
    /** {@code net.ipv4.conf.IF.rp_filter}: reverse-path filtering; 0 off, 1 strict, 2 loose. TUN real
     * servers need 0 on the tunnel, whose packets arrive with the VIP as destination. */
    RP_FILTER(Kind.IPV4_INTERFACE, "rp_filter", 0, 2, Effective.MAX, 0),
    /** {@code net.ipv4.conf.IF.send_redirects}: whether to send ICMP redirects; a director must not,
     * or clients and real servers learn to bypass it. */
    SEND_REDIRECTS(Kind.IPV4_INTERFACE, "send_redirects", 0, 1, Effective.OR, 1),
    /** {@code net.ipv4.conf.IF.proxy_arp}: whether to answer ARP for addresses routed elsewhere. */
    PROXY_ARP(Kind.IPV4_INTERFACE, "proxy_arp", 0, 1, Effective.OR, 0),
    /** {@code net.ipv4.conf.IF.forwarding}: IPv4 forwarding on one interface (writing {@code all}
     * sets every interface and {@code net.ipv4.ip_forward}). */
    FORWARDING(Kind.IPV4_INTERFACE, "forwarding", 0, 1, Effective.INTERFACE, 0),
    /** {@code net.ipv6.conf.IF.forwarding}: IPv6 forwarding; {@code all} is the host's switch, which a
     * NAT director of IPv6 services needs on. */
    IPV6_FORWARDING(Kind.IPV6_INTERFACE, "forwarding", 0, 1, Effective.ALL, 0),
    /** {@code net.ipv4.ip_forward}: IPv4 forwarding for the host; a NAT director needs 1. */
    IP_FORWARD(Kind.GLOBAL, "net.ipv4.ip_forward", 0, 1, Effective.INTERFACE, 0),
    /** {@code net.ipv4.vs.am_droprate}: the drop rate of drop_packet's mode 3. */
    VS_AM_DROPRATE(Kind.GLOBAL, "net.ipv4.vs.am_droprate", 0, Integer.MAX_VALUE, Effective.INTERFACE, 10),
    /** {@code net.ipv4.vs.amemthresh}: the free memory, in pages, below which the defences start. */
    VS_AMEMTHRESH(Kind.GLOBAL, "net.ipv4.vs.amemthresh", 0, Integer.MAX_VALUE, Effective.INTERFACE, 1024),
    /** {@code net.ipv4.vs.backup_only}: a backup director of the sync daemon forwards nothing. */
    VS_BACKUP_ONLY(Kind.GLOBAL, "net.ipv4.vs.backup_only", 0, 1, Effective.INTERFACE, 0),
    /** {@code net.ipv4.vs.cache_bypass}: send packets for a service without a real server straight on. */
    VS_CACHE_BYPASS(Kind.GLOBAL, "net.ipv4.vs.cache_bypass", 0, 1, Effective.INTERFACE, 0),
    /** {@code net.ipv4.vs.conn_reuse_mode}: what a new connection on a reused port does (a bitmap). */
    VS_CONN_REUSE_MODE(Kind.GLOBAL, "net.ipv4.vs.conn_reuse_mode", 0, Integer.MAX_VALUE, Effective.INTERFACE, 1),
    /** {@code net.ipv4.vs.conntrack}: keep netfilter connection tracking for IPVS connections (needed
     * for iptables NAT or stateful rules on the director's IPVS traffic). */
    VS_CONNTRACK(Kind.GLOBAL, "net.ipv4.vs.conntrack", 0, 1, Effective.INTERFACE, 0),
    /** {@code net.ipv4.vs.drop_entry}: the defence that drops connection entries (0..3). */
    VS_DROP_ENTRY(Kind.GLOBAL, "net.ipv4.vs.drop_entry", 0, 3, Effective.INTERFACE, 0),
    /** {@code net.ipv4.vs.drop_packet}: the defence that drops packets (0..3). */
    VS_DROP_PACKET(Kind.GLOBAL, "net.ipv4.vs.drop_packet", 0, 3, Effective.INTERFACE, 0),
    /** {@code net.ipv4.vs.expire_nodest_conn}: drop a connection's entry at its next packet once its
     * real server is removed, instead of waiting for its timeout. */
    VS_EXPIRE_NODEST_CONN(Kind.GLOBAL, "net.ipv4.vs.expire_nodest_conn", 0, 1, Effective.INTERFACE, 0),
    /** {@code net.ipv4.vs.expire_quiescent_template}: expire persistence templates of a real server whose
     * weight is 0, so persistent clients move on at once. */
    VS_EXPIRE_QUIESCENT_TEMPLATE(Kind.GLOBAL, "net.ipv4.vs.expire_quiescent_template", 0, 1, Effective.INTERFACE,
            0),
    /** {@code net.ipv4.vs.ignore_tunneled}: leave IPIP/GRE packets to the stack instead of IPVS. */
    VS_IGNORE_TUNNELED(Kind.GLOBAL, "net.ipv4.vs.ignore_tunneled", 0, 1, Effective.INTERFACE, 0),
    /** {@code net.ipv4.vs.nat_icmp_send}: send ICMP errors for NAT connections without a real server. */
    VS_NAT_ICMP_SEND(Kind.GLOBAL, "net.ipv4.vs.nat_icmp_send", 0, 1, Effective.INTERFACE, 0),
    /** {@code net.ipv4.vs.pmtu_disc}: path MTU discovery for tunnelled packets. */
    VS_PMTU_DISC(Kind.GLOBAL, "net.ipv4.vs.pmtu_disc", 0, 1, Effective.INTERFACE, 1),
    /** {@code net.ipv4.vs.schedule_icmp}: schedule ICMP packets that start no connection. */
    VS_SCHEDULE_ICMP(Kind.GLOBAL, "net.ipv4.vs.schedule_icmp", 0, 1, Effective.INTERFACE, 0),
    /** {@code net.ipv4.vs.secure_tcp}: the defence that shortens TCP state timeouts (0..3). */
    VS_SECURE_TCP(Kind.GLOBAL, "net.ipv4.vs.secure_tcp", 0, 3, Effective.INTERFACE, 0),
    /** {@code net.ipv4.vs.sloppy_sctp}: accept SCTP connections first seen in any state. */
    VS_SLOPPY_SCTP(Kind.GLOBAL, "net.ipv4.vs.sloppy_sctp", 0, 1, Effective.INTERFACE, 0),
    /** {@code net.ipv4.vs.sloppy_tcp}: accept TCP connections first seen in any state (e.g. after a
     * failover, where the backup never saw the SYN). */
    VS_SLOPPY_TCP(Kind.GLOBAL, "net.ipv4.vs.sloppy_tcp", 0, 1, Effective.INTERFACE, 0),
    /** {@code net.ipv4.vs.snat_reroute}: route NAT replies again by their new source address. */
    VS_SNAT_REROUTE(Kind.GLOBAL, "net.ipv4.vs.snat_reroute", 0, 1, Effective.INTERFACE, 1);

    /** Where a setting lives: once per host, or once per IPv4 or IPv6 interface (and {@code all}, {@code default}). */
    public enum Kind {
        /** One value for the host (its network namespace). */
        GLOBAL,
        /** One value per IPv4 interface, under {@code net.ipv4.conf}. */
        IPV4_INTERFACE,
        /** One value per IPv6 interface, under {@code net.ipv6.conf}. */
        IPV6_INTERFACE
    }

    private enum Effective {
        MAX, OR, INTERFACE, ALL
    }

    private final Kind kind;
    private final String key;
    private final int min;
    private final int max;
    private final Effective effective;
    private final int kernelDefault;

    Sysctl(Kind kind, String key, int min, int max, Effective effective, int kernelDefault) {
        this.kind = kind;
        this.key = key;
        this.min = min;
        this.max = max;
        this.effective = effective;
        this.kernelDefault = kernelDefault;
    }

    /**
     * Where this setting lives.
     *
     * @return global, or per IPv4 or IPv6 interface
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Whether this setting exists once per interface (and as {@code all} and {@code default}).
     *
     * @return true for {@link Kind#IPV4_INTERFACE} and {@link Kind#IPV6_INTERFACE}
     */
    public boolean perInterface() {
        return kind != Kind.GLOBAL;
    }

    /**
     * The last part of its name: {@code arp_ignore}, or the whole name of a global setting.
     *
     * @return the key
     */
    public String key() {
        return key;
    }

    /**
     * The smallest value it takes.
     *
     * @return the minimum
     */
    public int min() {
        return min;
    }

    /**
     * The largest value ipvs4j writes (the kernel's documented range).
     *
     * @return the maximum
     */
    public int max() {
        return max;
    }

    /**
     * The value a fresh kernel starts with.
     *
     * @return Linux's default
     */
    public int kernelDefault() {
        return kernelDefault;
    }

    /**
     * The value an interface works with, by the kernel's rule for this setting: the larger of
     * {@code all} and the interface's for {@link #ARP_IGNORE}, {@link #ARP_ANNOUNCE} and
     * {@link #RP_FILTER}; on if either is on for {@link #SEND_REDIRECTS} and {@link #PROXY_ARP};
     * {@code all}'s for {@link #IPV6_FORWARDING} (the kernel forwards IPv6 only if {@code all} says so);
     * the interface's own value for the others.
     *
     * @param all the value of {@code all}
     * @param device the interface's value
     * @return the value in effect on the interface
     */
    public int effective(int all, int device) {
        switch (effective) {
            case MAX: return Math.max(all, device);
            case OR: return all != 0 || device != 0 ? 1 : 0;
            case ALL: return all;
            default: return device;
        }
    }

    /**
     * Checks a value before it is written.
     *
     * @param value the value
     * @return {@code value}
     * @throws InvalidConfigurationException naming the setting and its range if it is out of range
     */
    public int check(int value) {
        if (value < min || value > max) {
            throw new InvalidConfigurationException(key, value, min + ".." + max);
        }
        return value;
    }

    /** Its sysctl name, with {@code IF} for the interface: {@code net.ipv4.conf.IF.arp_ignore}. */
    @Override
    public String toString() {
        switch (kind) {
            case IPV4_INTERFACE: return "net.ipv4.conf.IF." + key;
            case IPV6_INTERFACE: return "net.ipv6.conf.IF." + key;
            default: return key;
        }
    }

    String name(String device) {
        String d = device.replace('.', '/'); // sysctl's own swap for names with dots (eth0.100)
        switch (kind) {
            case IPV4_INTERFACE: return "net.ipv4.conf." + d + "." + key;
            case IPV6_INTERFACE: return "net.ipv6.conf." + d + "." + key;
            default: return key;
        }
    }

    String path(String device) {
        switch (kind) {
            case IPV4_INTERFACE: return "net/ipv4/conf/" + device + "/" + key;
            case IPV6_INTERFACE: return "net/ipv6/conf/" + device + "/" + key;
            default: return key.replace('.', '/');
        }
    }
}
