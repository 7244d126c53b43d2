package io.github.ipvs4j.host;

import io.github.ipvs4j.model.InvalidConfigurationException;

/** The type of a route ({@code rtnetlink.h}'s {@code RTN_*}): what the kernel does with a packet. */
public enum RouteType {
    /** No type (0). */
    UNSPECIFIED,
    /** A gateway or a directly connected network (1). */
    UNICAST,
    /** An address of this host (2). */
    LOCAL,
    /** A broadcast address, sent as broadcast (3). */
    BROADCAST,
    /** A local broadcast address, accepted as broadcast (4). */
    ANYCAST,
    /** Multicast (5). */
    MULTICAST,
    /** Dropped silently (6). */
    BLACKHOLE,
    /** Refused: the destination is unreachable (7). */
    UNREACHABLE,
    /** Refused: administratively prohibited (8). */
    PROHIBIT,
    /** Not in this table: the lookup continues in the next one (9). */
    THROW,
    /** Network address translation (10, obsolete). */
    NAT,
    /** Resolved externally (11, unused). */
    EXTERNAL;

    /**
     * The kernel's number for this type.
     *
     * @return 0..11
     */
    public int code() {
        return ordinal();
    }

    /**
     * Returns the type of a kernel number.
     *
     * @param code 0..11
     * @return the type
     * @throws InvalidConfigurationException if {@code code} is out of range
     */
    public static RouteType of(int code) {
        RouteType[] all = values();
        if (code < 0 || code >= all.length) {
            throw new InvalidConfigurationException("route type", code, "0.." + (all.length - 1));
        }
        return all[code];
    }
}
