package io.github.ipvs4j.model;

/** Transport protocol of an address-based virtual service, with its IANA protocol number. */
public enum Protocol {
    /** Transmission Control Protocol (6). */
    TCP(6),
    /** User Datagram Protocol (17). */
    UDP(17),
    /** Stream Control Transmission Protocol (132). */
    SCTP(132);

    private final int number;

    Protocol(int number) {
        this.number = number;
    }

    /** Returns the IANA protocol number, as the kernel stores it ({@code IPPROTO_*}). */
    public int number() {
        return number;
    }

    /**
     * Returns the protocol with the given IANA number.
     *
     * @throws InvalidConfigurationException if the number is not TCP, UDP or SCTP
     */
    public static Protocol ofNumber(int number) {
        for (Protocol p : values()) {
            if (p.number == number) {
                return p;
            }
        }
        throw new InvalidConfigurationException("protocol", number, "6 (TCP), 17 (UDP) or 132 (SCTP)");
    }
}
