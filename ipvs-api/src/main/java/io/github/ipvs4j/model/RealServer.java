package io.github.ipvs4j.model;

import io.github.ipvs4j.internal.Addresses;
import java.net.InetAddress;
import java.net.InetSocketAddress;


/**
 * A real server (the kernel's "destination") of a virtual service: where connections go, with what
 * weight, and how packets get there. Immutable and validated on construction; connection counts and
 * statistics are not part of it (see {@link RealServerStatus}).
 *
 * <pre>{@code
 * RealServer rs = RealServer.builder("198.51.100.11", 80).weight(3).forwarding(ForwardingMethod.NAT).build();
 * }</pre>
 *
 * <p>Within a service a real server is identified by address and port ({@link #endpoint()}).
 *
 * @param address the real server's IP address; its family may differ from the service's only when
 *     tunnelling (checked where the server is added to a service)
 * @param port 0..65535
 * @param weight 0..2147483647; 0 takes no new connections (used to drain a server)
 * @param forwarding how packets reach the server
 * @param upperThreshold 0..2147483647 connections after which the server is overloaded; 0 = none
 * @param lowerThreshold 0..2147483647 connections under which an overloaded server takes new ones
 *     again; 0 = none; at most {@code upperThreshold}
 */
public record RealServer(InetAddress address, int port, int weight, ForwardingMethod forwarding,
        int upperThreshold, int lowerThreshold) {

    /** The weight a real server gets unless told otherwise (ipvsadm's default). */
    public static final int DEFAULT_WEIGHT = 1;

    /**
     * Validates the components; the address's family is checked against a service's where the server is
     * added to one.
     *
     * @param address the real server's IPv4 or IPv6 address
     * @param port 0..65535
     * @param weight 0..2147483647; 0 takes no new connections
     * @param forwarding how packets reach the server
     * @param upperThreshold 0..2147483647 connections after which the server is overloaded; 0 = none
     * @param lowerThreshold 0..2147483647, at most {@code upperThreshold}; 0 = none
     * @throws NullPointerException if {@code address} or {@code forwarding} is null
     * @throws InvalidConfigurationException if a value is out of range
     */
    public RealServer {
        Check.notNull("real server address", address);
        AddressFamily.of(address);
        Check.port("real server port", port);
        Check.range("weight", weight, 0, Integer.MAX_VALUE);
        Check.notNull("forwarding method", forwarding);
        Check.range("upper threshold", upperThreshold, 0, Integer.MAX_VALUE);
        Check.range("lower threshold", lowerThreshold, 0, Integer.MAX_VALUE);
        if (lowerThreshold > upperThreshold) {
            throw new InvalidConfigurationException("lower threshold", lowerThreshold,
                    "0.." + upperThreshold + " (at most the upper threshold)");
        }
    }

    /**
     * Starts a real server at {@code address:port} (an IP literal).
     *
     * @param address an IPv4 or IPv6 literal, e.g. {@code "198.51.100.11"}; never a host name
     * @param port 0..65535
     * @return a builder with weight {@value #DEFAULT_WEIGHT}, direct routing and no thresholds
     * @throws NullPointerException if {@code address} is null
     * @throws InvalidConfigurationException if {@code address} is not an IP literal or {@code port} is out
     *     of range
     */
    public static Builder builder(String address, int port) {
        return new Builder(Check.address("real server address", address), port);
    }

    /**
     * Starts a real server at {@code address:port}.
     *
     * @param address an IPv4 or IPv6 address
     * @param port 0..65535
     * @return a builder with weight {@value #DEFAULT_WEIGHT}, direct routing and no thresholds
     * @throws NullPointerException if {@code address} is null
     * @throws InvalidConfigurationException if {@code port} is out of range
     */
    public static Builder builder(InetAddress address, int port) {
        return new Builder(address, port);
    }

    /**
     * Returns a builder initialised from this server, for making an edited copy.
     *
     * @return a new builder holding every component of this server
     */
    public Builder toBuilder() {
        return new Builder(address, port).weight(weight).forwarding(forwarding)
                .thresholds(lowerThreshold, upperThreshold);
    }

    /**
     * Address and port: what identifies this server within its service.
     *
     * @return a new resolved socket address of {@link #address()} and {@link #port()}
     */
    public InetSocketAddress endpoint() {
        return new InetSocketAddress(address, port);
    }

    /**
     * The address family of the server.
     *
     * @return the family of {@link #address()}
     */
    public AddressFamily family() {
        return AddressFamily.of(address);
    }

    /**
     * Checks that this server may belong to the given service: its family must match the service's
     * unless it is reached through a tunnel.
     *
     * @param service the key of the service this server is to belong to
     * @throws NullPointerException if {@code service} is null
     * @throws InvalidConfigurationException if not
     */
    public void checkCompatibleWith(ServiceKey service) {
        if (family() != service.family() && !(forwarding instanceof ForwardingMethod.Tunnel)) {
            throw new InvalidConfigurationException("real server address", Addresses.format(address),
                    "an " + (service.family() == AddressFamily.INET ? "IPv4" : "IPv6")
                            + " address like its service " + service
                            + " (mixing families needs tunnel forwarding)");
        }
    }

    /** Equal when every component is. */
    @Override
    public boolean equals(Object o) {
        // Written out: a record's generated equals and hashCode run through invokedynamic method
        // handles, about 10x slower until the JIT has compiled them, and a short-lived program (or the
        // first apply of a large table) runs mostly uncompiled. The forwarding methods without
        // parameters are shared constants, hence the identity test first.
        return o instanceof RealServer r && port == r.port && weight == r.weight
                && upperThreshold == r.upperThreshold && lowerThreshold == r.lowerThreshold
                && address.equals(r.address) && (forwarding == r.forwarding || forwarding.equals(r.forwarding));
    }

    /** A hash of every component. */
    @Override
    public int hashCode() {
        int h = address.hashCode();
        h = 31 * h + port;
        h = 31 * h + weight;
        h = 31 * h + forwarding.code();
        h = 31 * h + upperThreshold;
        return 31 * h + lowerThreshold;
    }

    @Override
    public String toString() {
        return Addresses.format(address, port) + " " + forwarding + " weight " + weight
                + (upperThreshold != 0 || lowerThreshold != 0
                        ? " thresholds " + lowerThreshold + ".." + upperThreshold : "");
    }

    /** Builds {@link RealServer} values; each setter validates at once. */
    public static final class Builder {
        private final InetAddress address;
        private final int port;
        private int weight = DEFAULT_WEIGHT;
        private ForwardingMethod forwarding = ForwardingMethod.DR;
        private int upper;
        private int lower;

        private Builder(InetAddress address, int port) {
            this.address = Check.notNull("real server address", address);
            AddressFamily.of(address);
            this.port = Check.port("real server port", port);
        }

        /**
         * Sets the weight (default {@value RealServer#DEFAULT_WEIGHT}).
         *
         * @param weight 0..2147483647; 0 takes no new connections
         * @return this builder
         * @throws InvalidConfigurationException if {@code weight} is out of range
         */
        public Builder weight(int weight) {
            this.weight = Check.range("weight", weight, 0, Integer.MAX_VALUE);
            return this;
        }

        /**
         * Sets the forwarding method (default {@link ForwardingMethod#DR}, as ipvsadm).
         *
         * @param forwarding how packets reach the server
         * @return this builder
         * @throws NullPointerException if {@code forwarding} is null
         */
        public Builder forwarding(ForwardingMethod forwarding) {
            this.forwarding = Check.notNull("forwarding method", forwarding);
            return this;
        }

        /**
         * Sets the upper connection threshold (default 0, none).
         *
         * @param upper 0..2147483647 connections after which the server is overloaded; 0 = none
         * @return this builder
         * @throws InvalidConfigurationException if {@code upper} is out of range
         */
        public Builder upperThreshold(int upper) {
            this.upper = Check.range("upper threshold", upper, 0, Integer.MAX_VALUE);
            return this;
        }

        /**
         * Sets the lower connection threshold (default 0, none).
         *
         * @param lower 0..2147483647 connections under which an overloaded server takes new ones again;
         *     0 = none; at most the upper threshold (checked by {@link #build()})
         * @return this builder
         * @throws InvalidConfigurationException if {@code lower} is out of range
         */
        public Builder lowerThreshold(int lower) {
            this.lower = Check.range("lower threshold", lower, 0, Integer.MAX_VALUE);
            return this;
        }

        /**
         * Sets both thresholds.
         *
         * @param lower the lower threshold, as for {@link #lowerThreshold(int)}
         * @param upper the upper threshold, as for {@link #upperThreshold(int)}
         * @return this builder
         * @throws InvalidConfigurationException if a threshold is out of range
         */
        public Builder thresholds(int lower, int upper) {
            return lowerThreshold(lower).upperThreshold(upper);
        }

        /**
         * Returns the real server; checks that the lower threshold is not above the upper one.
         *
         * @return the real server, of the components set so far
         * @throws InvalidConfigurationException if the lower threshold is above the upper one
         */
        public RealServer build() {
            return new RealServer(address, port, weight, forwarding, upper, lower);
        }
    }
}
