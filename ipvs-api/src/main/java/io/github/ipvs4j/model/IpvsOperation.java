package io.github.ipvs4j.model;

/** The operations a transport performs; carried by every {@link IpvsException}. */
public enum IpvsOperation {
    /** Opening the transport (socket, generic netlink family lookup). */
    OPEN,
    /** Create a virtual service ({@code IPVS_CMD_NEW_SERVICE}). */
    CREATE_SERVICE,
    /** Edit a virtual service ({@code IPVS_CMD_SET_SERVICE}). */
    UPDATE_SERVICE,
    /** Delete a virtual service ({@code IPVS_CMD_DEL_SERVICE}). */
    REMOVE_SERVICE,
    /** Read one virtual service ({@code IPVS_CMD_GET_SERVICE}). */
    GET_SERVICE,
    /** Read all virtual services (dump of {@code IPVS_CMD_GET_SERVICE}). */
    LIST_SERVICES,
    /** Add a real server ({@code IPVS_CMD_NEW_DEST}). */
    CREATE_REAL_SERVER,
    /** Edit a real server ({@code IPVS_CMD_SET_DEST}). */
    UPDATE_REAL_SERVER,
    /** Remove a real server ({@code IPVS_CMD_DEL_DEST}). */
    REMOVE_REAL_SERVER,
    /** Read the real servers of a service (dump of {@code IPVS_CMD_GET_DEST}). */
    LIST_REAL_SERVERS,
    /** Delete every virtual service ({@code IPVS_CMD_FLUSH}). */
    FLUSH,
    /** Zero statistics ({@code IPVS_CMD_ZERO}). */
    ZERO,
    /** Read connection timeouts ({@code IPVS_CMD_GET_CONFIG}). */
    GET_TIMEOUTS,
    /** Set connection timeouts ({@code IPVS_CMD_SET_CONFIG}). */
    SET_TIMEOUTS,
    /** Read version and table size ({@code IPVS_CMD_GET_INFO}). */
    GET_INFO,
    /** Start a connection synchronisation daemon ({@code IPVS_CMD_NEW_DAEMON}). */
    START_SYNC_DAEMON,
    /** Stop a connection synchronisation daemon ({@code IPVS_CMD_DEL_DAEMON}). */
    STOP_SYNC_DAEMON,
    /** Read the running synchronisation daemons ({@code IPVS_CMD_GET_DAEMON}). */
    LIST_SYNC_DAEMONS,
    /** Read the connection table ({@code /proc/net/ip_vs_conn}). */
    LIST_CONNECTIONS,
    /** List a host's interfaces ({@code RTM_GETLINK}). */
    LIST_LINKS,
    /** Bring an interface up or down ({@code RTM_NEWLINK}). */
    SET_LINK,
    /** List a host's addresses ({@code RTM_GETADDR}). */
    LIST_ADDRESSES,
    /** Add an address to an interface ({@code RTM_NEWADDR}). */
    ADD_ADDRESS,
    /** Remove an address from an interface ({@code RTM_DELADDR}). */
    REMOVE_ADDRESS,
    /** Look up the route to an address ({@code RTM_GETROUTE}). */
    GET_ROUTE,
    /** Read kernel settings ({@code /proc/sys}). */
    READ_SETTING,
    /** Write a kernel setting ({@code /proc/sys}). */
    WRITE_SETTING,
    /** Announce an address on a link: gratuitous ARP, unsolicited neighbour advertisement. */
    ANNOUNCE_ADDRESS
}
