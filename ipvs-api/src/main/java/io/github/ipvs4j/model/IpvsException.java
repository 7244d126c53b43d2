package io.github.ipvs4j.model;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Root of every error ipvs4j reports. Unchecked: most callers cannot recover from a misconfigured or
 * missing kernel, and those that can catch the specific subtype.
 *
 * <p>Each instance says which {@linkplain #operation() operation} failed, on which
 * {@linkplain #service() service} and {@linkplain #realServer() real server} where one was involved,
 * and the kernel's {@linkplain #errno() errno} when the kernel refused (0 otherwise).
 */
public class IpvsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The kernel's positive error number, or 0 when the error did not come from the kernel. */
    private final int errno;
    private final transient IpvsOperation operation;
    private final transient ServiceKey service;
    private final transient InetSocketAddress realServer;

    /**
     * Creates an exception.
     *
     * @param message what went wrong, for people
     * @param errno the kernel's error number, or 0 when the error did not come from the kernel
     * @param operation the operation that failed, or null when none had started
     * @param service the service involved, or null
     * @param realServer the real server involved, or null
     * @param cause the underlying cause, or null
     */
    public IpvsException(String message, int errno, IpvsOperation operation, ServiceKey service,
            InetSocketAddress realServer, Throwable cause) {
        super(message, cause);
        this.errno = errno;
        this.operation = operation;
        this.service = service;
        this.realServer = realServer;
    }

    /**
     * Creates an exception with only a message and optional cause: no errno (0), operation, service or real
     * server.
     *
     * @param message what went wrong, for people
     * @param cause the underlying cause, or null
     */
    public IpvsException(String message, Throwable cause) {
        this(message, 0, null, null, null, cause);
    }

    /**
     * The kernel's error number.
     *
     * @return the positive {@code errno}, or 0 if the kernel did not report this error
     */
    public int errno() {
        return errno;
    }

    /**
     * The operation that failed, if one was under way.
     *
     * @return the operation; empty if none had started (or the exception was deserialized)
     */
    public Optional<IpvsOperation> operation() {
        return Optional.ofNullable(operation);
    }

    /**
     * The virtual service the operation was about, if any.
     *
     * @return the service's key; empty if no service was involved (or the exception was deserialized)
     */
    public Optional<ServiceKey> service() {
        return Optional.ofNullable(service);
    }

    /**
     * The real server the operation was about, if any.
     *
     * @return the real server's address and port; empty if no real server was involved (or the exception
     *     was deserialized)
     */
    public Optional<InetSocketAddress> realServer() {
        return Optional.ofNullable(realServer);
    }
}
