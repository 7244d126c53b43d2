package io.github.ipvs4j.spi;

import io.github.ipvs4j.model.InvalidConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to open a transport.
 *
 * @param networkNamespace a network namespace to manage instead of the caller's: a path such as
 *     {@code /run/netns/blue} or {@code /proc/1234/ns/net}; empty for the caller's own
 * @param timeout the longest any single kernel request may take before it fails, 1 ms..1 hour
 */
public record TransportOptions(Optional<Path> networkNamespace, Duration timeout) {
    /** The default timeout of a request. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** The defaults: the caller's namespace, 30 s per request. */
    public static final TransportOptions DEFAULTS = new TransportOptions(Optional.empty(), DEFAULT_TIMEOUT);

    /**
     * Validates the components.
     *
     * @param networkNamespace the path of a network namespace to manage, or empty for the caller's own
     * @param timeout the longest any single kernel request may take, 1 ms..1 hour
     * @throws NullPointerException if a component is null
     * @throws InvalidConfigurationException if {@code timeout} is out of range
     */
    public TransportOptions {
        Objects.requireNonNull(networkNamespace, "networkNamespace");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new InvalidConfigurationException("timeout", timeout, "1 ms..1 hour");
        }
    }

    /**
     * Returns a copy for the named namespace.
     *
     * @param nameOrPath a name under {@code /run/netns} (as {@code ip netns} makes them, e.g. {@code blue})
     *     or an absolute path (e.g. {@code /proc/1234/ns/net}); not empty, and without '/' unless absolute
     * @return a copy with that namespace and the same timeout
     * @throws NullPointerException if {@code nameOrPath} is null
     * @throws InvalidConfigurationException if {@code nameOrPath} is empty, or relative with a '/'
     */
    public TransportOptions withNetworkNamespace(String nameOrPath) {
        Objects.requireNonNull(nameOrPath, "nameOrPath");
        if (nameOrPath.isEmpty() || (!nameOrPath.startsWith("/") && nameOrPath.contains("/"))) {
            throw new InvalidConfigurationException("network namespace", nameOrPath,
                    "a name under /run/netns or an absolute path");
        }
        Path p = nameOrPath.startsWith("/") ? Path.of(nameOrPath) : Path.of("/run/netns", nameOrPath);
        return new TransportOptions(Optional.of(p), timeout);
    }

    /**
     * Returns a copy with the given request timeout.
     *
     * @param timeout the longest any single kernel request may take, 1 ms..1 hour
     * @return a copy with that timeout and the same namespace
     * @throws NullPointerException if {@code timeout} is null
     * @throws InvalidConfigurationException if {@code timeout} is out of range
     */
    public TransportOptions withTimeout(Duration timeout) {
        return new TransportOptions(networkNamespace, timeout);
    }
}
