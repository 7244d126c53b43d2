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

    /** Validates the components. */
    public TransportOptions {
        Objects.requireNonNull(networkNamespace, "networkNamespace");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new InvalidConfigurationException("timeout", timeout, "1 ms..1 hour");
        }
    }

    /** Returns a copy for the named namespace: a name under {@code /run/netns} or an absolute path. */
    public TransportOptions withNetworkNamespace(String nameOrPath) {
        Objects.requireNonNull(nameOrPath, "nameOrPath");
        if (nameOrPath.isEmpty() || (!nameOrPath.startsWith("/") && nameOrPath.contains("/"))) {
            throw new InvalidConfigurationException("network namespace", nameOrPath,
                    "a name under /run/netns or an absolute path");
        }
        Path p = nameOrPath.startsWith("/") ? Path.of(nameOrPath) : Path.of("/run/netns", nameOrPath);
        return new TransportOptions(Optional.of(p), timeout);
    }

    /** Returns a copy with the given request timeout. */
    public TransportOptions withTimeout(Duration timeout) {
        return new TransportOptions(networkNamespace, timeout);
    }
}
