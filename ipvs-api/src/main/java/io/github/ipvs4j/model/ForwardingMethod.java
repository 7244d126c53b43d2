package io.github.ipvs4j.model;

/**
 * How the director hands a connection to a real server: direct routing ({@link #DR}), masquerading
 * ({@link #NAT}) or tunnelling ({@link #tunnel()}, {@link #gue(int)}, {@link #gre()}). The kernel may
 * also report {@link #LOCAL} and {@link #BYPASS}.
 */
public sealed interface ForwardingMethod
        permits ForwardingMethod.DirectRouting, ForwardingMethod.Masquerade, ForwardingMethod.Tunnel,
        ForwardingMethod.Local, ForwardingMethod.Bypass {

    /** Direct routing (LVS-DR, ipvsadm {@code -g}, the default). */
    DirectRouting DR = new DirectRouting();
    /** Masquerading (LVS-NAT, ipvsadm {@code -m}). */
    Masquerade NAT = new Masquerade();
    /** Local node: the kernel's code for a real server that is the director itself. */
    Local LOCAL = new Local();
    /** Bypass: the kernel's code for traffic passed through untouched. */
    Bypass BYPASS = new Bypass();

    /**
     * The kernel's forwarding code ({@code IP_VS_CONN_F_FWD_MASK} bits).
     *
     * @return 0 masquerade, 1 local, 2 tunnel, 3 direct routing, 4 bypass
     */
    int code();

    /**
     * IP-in-IP tunnelling (LVS-TUN, ipvsadm {@code -i}).
     *
     * @return an IPIP tunnel without port or checksum
     */
    static Tunnel tunnel() {
        return new Tunnel(TunnelType.IPIP, 0, TunnelChecksum.NONE);
    }

    /**
     * GUE tunnelling to the given UDP port, without checksum.
     *
     * @param port the real server's GUE UDP port, 1..65535
     * @return a GUE tunnel to that port without checksum
     * @throws InvalidConfigurationException if {@code port} is out of range
     */
    static Tunnel gue(int port) {
        return new Tunnel(TunnelType.GUE, port, TunnelChecksum.NONE);
    }

    /**
     * GRE tunnelling, without checksum.
     *
     * @return a GRE tunnel without port or checksum
     */
    static Tunnel gre() {
        return new Tunnel(TunnelType.GRE, 0, TunnelChecksum.NONE);
    }

    /**
     * Returns the method for a kernel forwarding code and tunnel attributes (ignored unless tunnelling).
     *
     * @param code the kernel's forwarding code, 0..4 (see {@link #code()})
     * @param type the tunnel type, for code 2; ignored otherwise
     * @param port the GUE UDP port (1..65535) for code 2 with {@link TunnelType#GUE}; ignored otherwise
     * @param checksum the tunnel checksum mode, for code 2; ignored otherwise
     * @return the shared constant for codes 0, 1, 3 and 4, a {@link Tunnel} for code 2
     * @throws NullPointerException for code 2 if {@code type} or {@code checksum} is null
     * @throws InvalidConfigurationException for an unknown code or bad tunnel attributes
     */
    static ForwardingMethod ofCode(int code, TunnelType type, int port, TunnelChecksum checksum) {
        switch (code) {
            case 0: return NAT;
            case 1: return LOCAL;
            case 2: return new Tunnel(type, type == TunnelType.GUE ? port : 0, checksum);
            case 3: return DR;
            case 4: return BYPASS;
            default: throw new InvalidConfigurationException("forwarding method", code, "0..4");
        }
    }

    /** Direct routing: rewrites the MAC address only; real servers answer clients directly. */
    record DirectRouting() implements ForwardingMethod {
        @Override
        public int code() {
            return 3;
        }

        @Override
        public String toString() {
            return "Route";
        }
    }

    /** Masquerading: rewrites the destination address; replies pass back through the director. */
    record Masquerade() implements ForwardingMethod {
        @Override
        public int code() {
            return 0;
        }

        @Override
        public String toString() {
            return "Masq";
        }
    }

    /** Local node (read back only). */
    record Local() implements ForwardingMethod {
        @Override
        public int code() {
            return 1;
        }

        @Override
        public String toString() {
            return "Local";
        }
    }

    /** Bypass (read back only). */
    record Bypass() implements ForwardingMethod {
        @Override
        public int code() {
            return 4;
        }

        @Override
        public String toString() {
            return "Bypass";
        }
    }

    /**
     * Tunnelling: encapsulates packets to the real server.
     *
     * @param type IPIP, GUE or GRE
     * @param port the GUE UDP port, 1..65535; must be 0 for IPIP and GRE
     * @param checksum checksum mode; must be NONE for IPIP, and not REMOTE_CHECKSUM for GRE
     */
    record Tunnel(TunnelType type, int port, TunnelChecksum checksum) implements ForwardingMethod {
        /**
         * Validates the combination.
         *
         * @param type IPIP, GUE or GRE
         * @param port the GUE UDP port, 1..65535; must be 0 for IPIP and GRE
         * @param checksum checksum mode; must be NONE for IPIP, and not REMOTE_CHECKSUM for GRE
         * @throws NullPointerException if {@code type} or {@code checksum} is null
         * @throws InvalidConfigurationException if the port or checksum does not suit the type
         */
        public Tunnel {
            Check.notNull("tunnel type", type);
            Check.notNull("tunnel checksum", checksum);
            if (type == TunnelType.GUE) {
                Check.range("tunnel port (GUE)", port, 1, 65535);
            } else if (port != 0) {
                throw new InvalidConfigurationException("tunnel port", port, "0 (a port is only used with GUE)");
            }
            if (type == TunnelType.IPIP && checksum != TunnelChecksum.NONE) {
                throw new InvalidConfigurationException("tunnel checksum", checksum, "NONE with IPIP");
            }
            if (type == TunnelType.GRE && checksum == TunnelChecksum.REMOTE_CHECKSUM) {
                throw new InvalidConfigurationException("tunnel checksum", checksum,
                        "NONE or CHECKSUM with GRE (remote checksum is GUE only)");
            }
        }

        @Override
        public int code() {
            return 2;
        }

        /**
         * Returns a copy with the given checksum mode.
         *
         * @param checksum the checksum mode; must be NONE for IPIP, and not REMOTE_CHECKSUM for GRE
         * @return a tunnel of the same type and port with that checksum mode
         * @throws NullPointerException if {@code checksum} is null
         * @throws InvalidConfigurationException if the checksum mode does not suit the type
         */
        public Tunnel withChecksum(TunnelChecksum checksum) {
            return new Tunnel(type, port, checksum);
        }

        @Override
        public String toString() {
            return "Tunnel";
        }
    }
}
