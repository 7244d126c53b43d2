package io.github.ipvs4j.model;

import java.util.Objects;
import java.util.Optional;

/**
 * Persistence ("sticky" clients): for {@code timeoutSeconds} after its last connection, a client, or
 * every client in the same network when {@code prefixLength} is shorter than the address, goes to the
 * same real server.
 *
 * @param timeoutSeconds 1..2147483647 seconds; ipvsadm's {@code -p} default is 300
 * @param prefixLength how much of the client address groups clients: for IPv4 0..32 (ipvsadm's
 *     {@code -M} netmask, e.g. 24 for 255.255.255.0), for IPv6 1..128; full length groups nothing
 * @param engine a persistence engine module ({@code ip_vs_pe_<name>}, e.g. {@code sip}), or empty
 */
public record Persistence(int timeoutSeconds, int prefixLength, Optional<String> engine) {
    /** ipvsadm's default persistence timeout, in seconds. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 300;

    /**
     * Validates the components that do not depend on the service's family; the prefix length is checked
     * against the family when the persistence is given to a service.
     *
     * @param timeoutSeconds 1..2147483647 seconds
     * @param prefixLength 0..128 here; for IPv4 0..32, for IPv6 1..128 once on a service
     * @param engine a persistence engine name of 1..15 characters of a-z, 0-9 and _, or empty
     * @throws NullPointerException if {@code engine} is null
     * @throws InvalidConfigurationException if a value is out of range
     */
    public Persistence {
        Check.range("persistence timeout", timeoutSeconds, 1, Integer.MAX_VALUE);
        Check.range("persistence prefix length", prefixLength, 0, 128);
        Objects.requireNonNull(engine, "engine");
        engine.ifPresent(e -> {
            if (e.isEmpty() || e.length() > 15 || !e.chars().allMatch(c ->
                    (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
                throw new InvalidConfigurationException("persistence engine", e,
                        "1..15 characters of a-z, 0-9 and _ (a kernel module ip_vs_pe_<name>)");
            }
        });
    }

    /**
     * Per-client persistence for the given time, for a service of the given family.
     *
     * @param timeoutSeconds 1..2147483647 seconds; ipvsadm's default is {@link #DEFAULT_TIMEOUT_SECONDS}
     * @param family the service's family, whose full address length becomes the prefix length
     * @return persistence that groups nothing (each client on its own), without engine
     * @throws NullPointerException if {@code family} is null
     * @throws InvalidConfigurationException if {@code timeoutSeconds} is out of range
     */
    public static Persistence of(int timeoutSeconds, AddressFamily family) {
        return new Persistence(timeoutSeconds, Objects.requireNonNull(family, "address family").addressBits(),
                Optional.empty());
    }

    /**
     * Returns a copy with the given prefix length (client grouping).
     *
     * @param prefixLength 0..128 here; for IPv4 0..32, for IPv6 1..128 once on a service
     * @return a copy with that prefix length and the same timeout and engine
     * @throws InvalidConfigurationException if {@code prefixLength} is out of range
     */
    public Persistence withPrefixLength(int prefixLength) {
        return new Persistence(timeoutSeconds, prefixLength, engine);
    }

    /**
     * Returns a copy with the given persistence engine.
     *
     * @param engine the engine's name ({@code ip_vs_pe_<name>}, e.g. {@code sip}): 1..15 characters of
     *     a-z, 0-9 and _
     * @return a copy with that engine and the same timeout and prefix length
     * @throws NullPointerException if {@code engine} is null
     * @throws InvalidConfigurationException if {@code engine} is not such a name
     */
    public Persistence withEngine(String engine) {
        return new Persistence(timeoutSeconds, prefixLength,
                Optional.of(Objects.requireNonNull(engine, "persistence engine")));
    }

    /** Checks the prefix length against the service's family. */
    void checkFamily(AddressFamily family) {
        if (family == AddressFamily.INET6) {
            Check.range("persistence prefix length (IPv6)", prefixLength, 1, 128);
        } else {
            Check.range("persistence netmask length (IPv4)", prefixLength, 0, 32);
        }
    }
}
