package io.github.ipvs4j.netlink;

/** The kernel answered a request with an error; mapped to a typed {@code IpvsException} by the caller. */
final class KernelError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    KernelError(int errno, String kernelText) {
        super("kernel answered errno " + errno + (kernelText != null ? ": " + kernelText : ""), null, false, false);
        this.errno = errno;
    }

    int errno() {
        return errno;
    }
}
