package io.github.ipvs4j.model;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A virtual service: the address (or firewall mark) clients connect to, and how the kernel spreads
 * their connections over the service's real servers. Immutable and validated on construction;
 * statistics are not part of it (see {@link VirtualServiceStatus}).
 *
 * <pre>{@code
 * VirtualService web = VirtualService.tcp("192.0.2.10", 80)
 *         .scheduler(Scheduler.WRR)
 *         .persistence(600)
 *         .build();
 * }</pre>
 *
 * @param key what identifies the service
 * @param scheduler the scheduling algorithm
 * @param schedulerFlags scheduler-specific flags (meaningful for sh and mh)
 * @param persistence client persistence, or empty for none
 * @param onePacket one-packet scheduling: each UDP datagram is scheduled on its own ({@code -o})
 */
public record VirtualService(ServiceKey key, Scheduler scheduler, Set<SchedulerFlag> schedulerFlags,
        Optional<Persistence> persistence, boolean onePacket) {

    /**
     * Validates the components and freezes the flag set.
     *
     * @param key what identifies the service
     * @param scheduler the scheduling algorithm
     * @param schedulerFlags scheduler-specific flags, possibly empty; copied
     * @param persistence client persistence, or empty for none; its prefix length must suit the key's
     *     family (IPv4 0..32, IPv6 1..128)
     * @param onePacket one-packet scheduling: each UDP datagram is scheduled on its own
     * @throws NullPointerException if a component is null or {@code schedulerFlags} holds a null
     * @throws InvalidConfigurationException if the persistence prefix length does not suit the family
     */
    public VirtualService {
        Check.notNull("service key", key);
        Check.notNull("scheduler", scheduler);
        Check.notNull("scheduler flags", schedulerFlags);
        Check.notNull("persistence", persistence);
        schedulerFlags = schedulerFlags.isEmpty() ? Collections.emptySet()
                : Collections.unmodifiableSet(EnumSet.copyOf(schedulerFlags));
        persistence.ifPresent(p -> p.checkFamily(key.family()));
    }

    /**
     * Starts a service with the given key, e.g. {@code VirtualService.builder(ServiceKey.tcp("192.0.2.1",
     * 80))}. Defaults: wlc, no flags, no persistence, not one-packet.
     *
     * @param key the service's protocol and address, or firewall mark
     * @return the builder
     * @throws NullPointerException if {@code key} is null
     */
    public static Builder builder(ServiceKey key) {
        return new Builder(key);
    }

    /**
     * Returns a builder initialised from this service, for making an edited copy.
     *
     * @return a new builder holding every component of this service
     */
    public Builder toBuilder() {
        Builder b = new Builder(key);
        b.scheduler = scheduler;
        b.flags.addAll(schedulerFlags);
        b.persistence = persistence.orElse(null);
        b.onePacket = onePacket;
        return b;
    }

    /** Equal when every component is. */
    @Override
    public boolean equals(Object o) {
        // Written out for speed before the JIT has compiled it (see RealServer#equals); compares scheduler
        // names directly for the same reason.
        return o instanceof VirtualService v && onePacket == v.onePacket && key.equals(v.key)
                && scheduler.name().equals(v.scheduler.name()) && schedulerFlags.equals(v.schedulerFlags)
                && persistence.equals(v.persistence);
    }

    /** A hash of every component. */
    @Override
    public int hashCode() {
        int h = key.hashCode();
        h = 31 * h + scheduler.name().hashCode();
        h = 31 * h + schedulerFlags.hashCode();
        h = 31 * h + persistence.hashCode();
        return 31 * h + Boolean.hashCode(onePacket);
    }

    /**
     * Whether the service has client persistence.
     *
     * @return true if {@link #persistence()} is present
     */
    public boolean isPersistent() {
        return persistence.isPresent();
    }

    /**
     * Returns the address family of the service.
     *
     * @return the family of its key
     */
    public AddressFamily family() {
        return key.family();
    }

    /** Builds {@link VirtualService} values; each setter validates at once. */
    public static final class Builder {
        private final ServiceKey key;
        private Scheduler scheduler = Scheduler.WLC;
        private final EnumSet<SchedulerFlag> flags = EnumSet.noneOf(SchedulerFlag.class);
        private Persistence persistence;
        private Integer prefixLength;
        private String engine;
        private boolean onePacket;

        private Builder(ServiceKey key) {
            this.key = Check.notNull("service key", key);
        }

        /**
         * Sets the scheduler (default {@link Scheduler#WLC}, as ipvsadm).
         *
         * @param scheduler the scheduling algorithm
         * @return this builder
         * @throws NullPointerException if {@code scheduler} is null
         */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Check.notNull("scheduler", scheduler);
            return this;
        }

        /**
         * Sets the scheduler by name, e.g. {@code "wrr"}.
         *
         * @param name the module name without {@code ip_vs_}: 1..15 characters of {@code [a-z0-9_]}
         * @return this builder
         * @throws NullPointerException if {@code name} is null
         * @throws InvalidConfigurationException if {@code name} is not such a name
         */
        public Builder scheduler(String name) {
            return scheduler(Scheduler.of(name));
        }

        /**
         * Replaces the scheduler flags.
         *
         * @param flags the flags, possibly none; a repeated flag counts once
         * @return this builder
         * @throws NullPointerException if {@code flags} is null or holds a null
         */
        public Builder schedulerFlags(SchedulerFlag... flags) {
            this.flags.clear();
            for (SchedulerFlag f : flags) {
                this.flags.add(Check.notNull("scheduler flag", f));
            }
            return this;
        }

        /**
         * Replaces the scheduler flags.
         *
         * @param flags the flags, possibly empty
         * @return this builder
         * @throws NullPointerException if {@code flags} is null or holds a null
         */
        public Builder schedulerFlags(Set<SchedulerFlag> flags) {
            return schedulerFlags(Check.notNull("scheduler flags", flags).toArray(new SchedulerFlag[0]));
        }

        /**
         * Makes clients persistent for the given number of seconds, per client address; replaces any
         * persistence set before.
         *
         * @param timeoutSeconds 1..2147483647 seconds; ipvsadm's default is
         *     {@value Persistence#DEFAULT_TIMEOUT_SECONDS}
         * @return this builder
         * @throws InvalidConfigurationException if {@code timeoutSeconds} is out of range
         */
        public Builder persistence(int timeoutSeconds) {
            this.persistence = Persistence.of(timeoutSeconds, key.family());
            return this;
        }

        /**
         * Sets persistence, or removes it with {@code null}.
         *
         * @param persistence the persistence, whose prefix length must suit the key's family (IPv4 0..32,
         *     IPv6 1..128); or null for none
         * @return this builder
         * @throws InvalidConfigurationException if the prefix length does not suit the family
         */
        public Builder persistence(Persistence persistence) {
            if (persistence != null) {
                persistence.checkFamily(key.family());
            }
            this.persistence = persistence;
            return this;
        }

        /**
         * Groups persistent clients by network: the netmask length for IPv4 (24 = 255.255.255.0) or
         * the prefix length for IPv6. Needs persistence, set before or after this.
         *
         * @param prefixLength 0..32 for IPv4, 1..128 for IPv6
         * @return this builder
         * @throws InvalidConfigurationException if the length is out of the key's family's range
         */
        public Builder persistencePrefixLength(int prefixLength) {
            Persistence.of(Persistence.DEFAULT_TIMEOUT_SECONDS, key.family()).withPrefixLength(prefixLength)
                    .checkFamily(key.family());
            this.prefixLength = prefixLength;
            return this;
        }

        /**
         * Sets the persistence engine (e.g. {@code "sip"}). Needs persistence, set before or after this.
         *
         * @param engine the engine's name
         * @return this builder
         * @throws NullPointerException if {@code engine} is null
         * @throws InvalidConfigurationException if the name is not one the kernel could know
         */
        public Builder persistenceEngine(String engine) {
            Persistence.of(Persistence.DEFAULT_TIMEOUT_SECONDS, key.family()).withEngine(engine);
            this.engine = engine;
            return this;
        }

        /**
         * Turns one-packet scheduling on or off (default off).
         *
         * @param onePacket true to schedule each UDP datagram on its own ({@code -o})
         * @return this builder
         */
        public Builder onePacket(boolean onePacket) {
            this.onePacket = onePacket;
            return this;
        }

        /**
         * Returns the service.
         *
         * @return the service
         * @throws InvalidConfigurationException if a persistence prefix length or engine was set
         *     without persistence
         */
        public VirtualService build() {
            Persistence p = persistence;
            if (prefixLength != null || engine != null) {
                if (p == null) {
                    throw new InvalidConfigurationException(prefixLength != null ? "persistence prefix length"
                            : "persistence engine", prefixLength != null ? prefixLength : engine,
                            "persistence as well (persistence(timeout))");
                }
                p = prefixLength != null ? p.withPrefixLength(prefixLength) : p;
                p = engine != null ? p.withEngine(engine) : p;
            }
            return new VirtualService(key, scheduler, flags, Optional.ofNullable(p), onePacket);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(key.toString()).append(' ').append(scheduler);
        if (!schedulerFlags.isEmpty()) {
            sb.append(" flags ").append(schedulerFlags);
        }
        persistence.ifPresent(p -> {
            sb.append(" persistent ").append(p.timeoutSeconds());
            if (p.prefixLength() != key.family().addressBits()) {
                sb.append(" /").append(p.prefixLength());
            }
            p.engine().ifPresent(e -> sb.append(" pe ").append(e));
        });
        if (onePacket) {
            sb.append(" ops");
        }
        return sb.toString();
    }
}
