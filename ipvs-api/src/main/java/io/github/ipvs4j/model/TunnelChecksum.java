package io.github.ipvs4j.model;

/** Checksum mode of GUE and GRE tunnels ({@code IP_VS_TUNNEL_ENCAP_FLAG_*}). */
public enum TunnelChecksum {
    /** No checksum (the default; ipvsadm {@code --tun-nocsum}). */
    NONE(0),
    /** A checksum in the encapsulation header ({@code --tun-csum}). */
    CHECKSUM(1),
    /** Remote checksum offload ({@code --tun-remcsum}; GUE only). */
    REMOTE_CHECKSUM(2);

    private final int flags;

    TunnelChecksum(int flags) {
        this.flags = flags;
    }

    /**
     * The kernel's tunnel flags value.
     *
     * @return 0 for {@link #NONE}, 1 for {@link #CHECKSUM}, 2 for {@link #REMOTE_CHECKSUM}
     */
    public int flags() {
        return flags;
    }

    /**
     * Returns the mode for the kernel's tunnel flags value.
     *
     * @param flags the kernel's tunnel flags value: 0, 1 or 2
     * @return the mode with that value
     * @throws InvalidConfigurationException if {@code flags} is another value
     */
    public static TunnelChecksum ofFlags(int flags) {
        for (TunnelChecksum t : values()) {
            if (t.flags == flags) {
                return t;
            }
        }
        throw new InvalidConfigurationException("tunnel flags", flags, "0 (nocsum), 1 (csum) or 2 (remcsum)");
    }
}
