package io.github.ipvs4j.netlink;

/** A native call failed with an errno; turned into an {@code IpvsException} by the caller. */
final class ErrnoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    ErrnoException(String call, int errno) {
        super(call + (errno != 0 ? " failed: " + jnr.constants.platform.Errno.valueOf(errno).description()
                + " (" + jnr.constants.platform.Errno.valueOf(errno).name() + ")" : ""));
        this.errno = errno;
    }

    /** The positive errno, or 0 when the failure had none. */
    int errno() {
        return errno;
    }
}
