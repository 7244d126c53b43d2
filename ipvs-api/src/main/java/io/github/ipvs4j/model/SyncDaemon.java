package io.github.ipvs4j.model;

import io.github.ipvs4j.internal.Addresses;
import java.net.InetAddress;
import java.util.Optional;


/**
 * A connection synchronisation daemon: a master sends the connection table to backups over
 * multicast, so a backup director can take over without dropping connections.
 *
 * @param role master (sends) or backup (receives)
 * @param interfaceName the multicast interface, 1..15 characters
 * @param syncId 0..255; a backup only takes messages with its own id (0 = any)
 * @param maxLength the largest sync message in bytes, 0..65535 (0 = the kernel's default)
 * @param multicastGroup the multicast group, or empty for the kernel's default (224.0.0.81)
 * @param multicastPort 0..65535 (0 = the kernel's default, 8848)
 * @param multicastTtl 0..255 (0 = the kernel's default, 1)
 */
public record SyncDaemon(Role role, String interfaceName, int syncId, int maxLength,
        Optional<InetAddress> multicastGroup, int multicastPort, int multicastTtl) {

    /** Which side of synchronisation a daemon is on. */
    public enum Role {
        /** Sends connection updates ({@code IP_VS_STATE_MASTER}, 1). */
        MASTER(1),
        /** Receives connection updates ({@code IP_VS_STATE_BACKUP}, 2). */
        BACKUP(2);

        private final int state;

        Role(int state) {
            this.state = state;
        }

        /**
         * The kernel's state value.
         *
         * @return 1 ({@code IP_VS_STATE_MASTER}) or 2 ({@code IP_VS_STATE_BACKUP})
         */
        public int state() {
            return state;
        }

        /**
         * Returns the role for the kernel's state value.
         *
         * @param state the kernel's state value: 1 (master) or 2 (backup)
         * @return the role with that state value
         * @throws InvalidConfigurationException if {@code state} is neither 1 nor 2
         */
        public static Role ofState(int state) {
            for (Role r : values()) {
                if (r.state == state) {
                    return r;
                }
            }
            throw new InvalidConfigurationException("sync daemon state", state, "1 (master) or 2 (backup)");
        }
    }

    /**
     * Validates the components.
     *
     * @param role master (sends) or backup (receives)
     * @param interfaceName the multicast interface: 1..15 printable characters without '/' or spaces
     * @param syncId 0..255; a backup only takes messages with its own id (0 = any)
     * @param maxLength the largest sync message in bytes, 0..65535 (0 = the kernel's default)
     * @param multicastGroup a multicast address (224.0.0.0/4 or ff00::/8), or empty for the kernel's default
     * @param multicastPort 0..65535 (0 = the kernel's default)
     * @param multicastTtl 0..255 (0 = the kernel's default)
     * @throws NullPointerException if {@code role}, {@code interfaceName} or {@code multicastGroup} is null
     * @throws InvalidConfigurationException if a value is out of range or the group is not multicast
     */
    public SyncDaemon {
        Check.notNull("sync daemon role", role);
        Check.notNull("sync interface", interfaceName);
        if (interfaceName.isEmpty() || interfaceName.length() > 15 || interfaceName.contains("/")
                || interfaceName.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
            throw new InvalidConfigurationException("sync interface", interfaceName,
                    "an interface name of 1..15 printable characters without '/' or spaces");
        }
        Check.range("sync id", syncId, 0, 255);
        Check.range("sync max length", maxLength, 0, 65535);
        Check.notNull("multicast group", multicastGroup);
        multicastGroup.ifPresent(g -> {
            if (!g.isMulticastAddress()) {
                throw new InvalidConfigurationException("multicast group", Addresses.format(g),
                        "a multicast address (224.0.0.0/4 or ff00::/8)");
            }
        });
        Check.port("multicast port", multicastPort);
        Check.range("multicast ttl", multicastTtl, 0, 255);
    }

    /**
     * A daemon with the kernel's defaults for everything but role, interface and sync id.
     *
     * @param role master (sends) or backup (receives)
     * @param interfaceName the multicast interface: 1..15 printable characters without '/' or spaces
     * @param syncId 0..255; a backup only takes messages with its own id (0 = any)
     * @return the daemon, with 0 (the kernel's default) for message length, port and TTL and no group
     * @throws NullPointerException if {@code role} or {@code interfaceName} is null
     * @throws InvalidConfigurationException if the interface name or sync id is not allowed
     */
    public static SyncDaemon of(Role role, String interfaceName, int syncId) {
        return new SyncDaemon(role, interfaceName, syncId, 0, Optional.empty(), 0, 0);
    }

    /** As a record's, with the multicast group as {@code 239.1.1.1} or {@code ff02::1}, not {@code /239.1.1.1}. */
    @Override
    public String toString() {
        return "SyncDaemon[role=" + role + ", interfaceName=" + interfaceName + ", syncId=" + syncId + ", maxLength="
                + maxLength + ", multicastGroup=" + multicastGroup.map(g -> "Optional[" + Addresses.format(g) + "]")
                        .orElse("Optional.empty")
                + ", multicastPort=" + multicastPort + ", multicastTtl=" + multicastTtl + "]";
    }
}
