package io.github.ipvs4j.model;

/**
 * IPVS cannot be used here: no transport is on the class path, or the kernel has no IPVS (the generic
 * netlink family "IPVS" is missing, e.g. the {@code ip_vs} module is not loaded). The message says
 * which, and what to do.
 */
public class IpvsUnavailableException extends IpvsException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message that says what to do.
     *
     * @param message what is missing and what to do about it, for people
     * @param cause the underlying cause, or null
     */
    public IpvsUnavailableException(String message, Throwable cause) {
        super(message, 0, IpvsOperation.OPEN, null, null, cause);
    }

    /**
     * Creates the exception for a kernel that answered with an errno while opening.
     *
     * @param message what is missing and what to do about it, for people
     * @param errno the kernel's positive error number
     * @param cause the underlying cause, or null
     */
    public IpvsUnavailableException(String message, int errno, Throwable cause) {
        super(message, errno, IpvsOperation.OPEN, null, null, cause);
    }
}
