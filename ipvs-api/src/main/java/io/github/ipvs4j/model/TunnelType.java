package io.github.ipvs4j.model;

/** Encapsulation of tunnelled ({@link ForwardingMethod.Tunnel}) forwarding, with the kernel's codes. */
public enum TunnelType {
    /** IP-in-IP (the default; ipvsadm {@code --tun-type ipip}). */
    IPIP(0),
    /** Generic UDP Encapsulation; needs a UDP port ({@code --tun-type gue --tun-port N}). */
    GUE(1),
    /** Generic Routing Encapsulation ({@code --tun-type gre}). */
    GRE(2);

    private final int code;

    TunnelType(int code) {
        this.code = code;
    }

    /**
     * The kernel's {@code IP_VS_CONN_F_TUNNEL_TYPE_*} value.
     *
     * @return 0 for {@link #IPIP}, 1 for {@link #GUE}, 2 for {@link #GRE}
     */
    public int code() {
        return code;
    }

    /**
     * Returns the type for a kernel code.
     *
     * @param code the kernel's tunnel type: 0, 1 or 2
     * @return the type with that code
     * @throws InvalidConfigurationException if {@code code} is another value
     */
    public static TunnelType ofCode(int code) {
        for (TunnelType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new InvalidConfigurationException("tunnel type", code, "0 (ipip), 1 (gue) or 2 (gre)");
    }

    /**
     * ipvsadm's name for the type, as {@code --tun-type} takes it.
     *
     * @return {@code ipip}, {@code gue} or {@code gre}
     */
    public String ipvsadmName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
