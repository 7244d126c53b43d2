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

    /**
     * Returns the IANA protocol number, as the kernel stores it ({@code IPPROTO_*}).
     *
     * @return 6 for TCP, 17 for UDP, 132 for SCTP
     */
    public int number() {
        return number;
    }

    /**
     * Returns the protocol with the given IANA number.
     *
     * @param number the IANA protocol number: 6, 17 or 132
     * @return the protocol with that number
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
