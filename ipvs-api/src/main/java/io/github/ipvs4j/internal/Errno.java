package io.github.ipvs4j.internal;

/** The Linux errno values IPVS reports, with names for messages. Shared by ipvs4j's modules, not API. */
public final class Errno {
    /** Operation not permitted. */
    public static final int EPERM = 1;
    /** No such file or directory; IPVS: no such real server, scheduler or persistence engine. */
    public static final int ENOENT = 2;
    /** No such process; IPVS: no such virtual service. */
    public static final int ESRCH = 3;
    /** Interrupted system call. */
    public static final int EINTR = 4;
    /** Try again. */
    public static final int EAGAIN = 11;
    /** Out of memory. */
    public static final int ENOMEM = 12;
    /** Permission denied. */
    public static final int EACCES = 13;
    /** Device or resource busy. */
    public static final int EBUSY = 16;
    /** Object exists. */
    public static final int EEXIST = 17;
    /** No such device. */
    public static final int ENODEV = 19;
    /** Invalid argument. */
    public static final int EINVAL = 22;
    /** Result out of range. */
    public static final int ERANGE = 34;
    /** Operation not supported. */
    public static final int EOPNOTSUPP = 95;
    /** Address family not supported. */
    public static final int EAFNOSUPPORT = 97;
    /** Cannot assign requested address; rtnetlink: no such address on the interface. */
    public static final int EADDRNOTAVAIL = 99;
    /** Network is unreachable; a route lookup found no route. */
    public static final int ENETUNREACH = 101;
    /** No buffer space available; netlink: a socket's receive queue overran. */
    public static final int ENOBUFS = 105;
    /** No route to host. */
    public static final int EHOSTUNREACH = 113;
    /** Read-only file system; {@code /proc/sys} mounted read-only (e.g. in a container). */
    public static final int EROFS = 30;

    private Errno() {
    }

    /**
     * Returns the symbolic name of an errno.
     *
     * @param errno a positive error number
     * @return the name of one of this class's constants, e.g. {@code "EEXIST"}, or {@code "errno N"} for
     *     another number
     */
    public static String name(int errno) {
        switch (errno) {
            case EPERM: return "EPERM";
            case ENOENT: return "ENOENT";
            case ESRCH: return "ESRCH";
            case EINTR: return "EINTR";
            case EAGAIN: return "EAGAIN";
            case ENOMEM: return "ENOMEM";
            case EACCES: return "EACCES";
            case EBUSY: return "EBUSY";
            case EEXIST: return "EEXIST";
            case ENODEV: return "ENODEV";
            case EINVAL: return "EINVAL";
            case ERANGE: return "ERANGE";
            case EOPNOTSUPP: return "EOPNOTSUPP";
            case EAFNOSUPPORT: return "EAFNOSUPPORT";
            case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
            case ENETUNREACH: return "ENETUNREACH";
            case ENOBUFS: return "ENOBUFS";
            case EHOSTUNREACH: return "EHOSTUNREACH";
            case EROFS: return "EROFS";
            default: return "errno " + errno;
        }
    }

    /**
     * Returns a short explanation of what IPVS means by an errno, to append to a message.
     *
     * @param errno a positive error number
     * @return the explanation in parentheses, starting with a space, for {@link #EINVAL}, {@link #ERANGE},
     *     {@link #EBUSY} and {@link #EAFNOSUPPORT}; {@code ""} for any other number
     */
    public static String hint(int errno) {
        switch (errno) {
            case EINVAL: return " (invalid argument: a value the kernel does not accept, or an address it"
                    + " cannot route)";
            case ERANGE: return " (a value out of the kernel's range, e.g. weight or thresholds)";
            case EBUSY: return " (busy: e.g. a sync daemon already running in that role)";
            case EAFNOSUPPORT: return " (address family not supported by this kernel)";
            default: return "";
        }
    }
}
