package io.github.ipvs4j.model;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/** Address family of a service or real server, with the Linux {@code AF_*} number. */
public enum AddressFamily {
    /** IPv4 ({@code AF_INET}, 2). */
    INET(2, 32),
    /** IPv6 ({@code AF_INET6}, 10). */
    INET6(10, 128);

    private final int number;
    private final int addressBits;

    AddressFamily(int number, int addressBits) {
        this.number = number;
        this.addressBits = addressBits;
    }

    /**
     * Returns the Linux {@code AF_*} constant.
     *
     * @return 2 ({@code AF_INET}) for {@link #INET}, 10 ({@code AF_INET6}) for {@link #INET6}
     */
    public int number() {
        return number;
    }

    /**
     * Returns the width of an address of this family in bits.
     *
     * @return 32 for {@link #INET}, 128 for {@link #INET6}
     */
    public int addressBits() {
        return addressBits;
    }

    /**
     * Returns the family of the given address.
     *
     * @param address an IPv4 or IPv6 address
     * @return {@link #INET} for an {@link Inet4Address}, {@link #INET6} for an {@link Inet6Address}
     * @throws NullPointerException if {@code address} is null
     * @throws InvalidConfigurationException if it is of neither class
     */
    public static AddressFamily of(InetAddress address) {
        Objects.requireNonNull(address, "address");
        if (address instanceof Inet4Address) {
            return INET;
        }
        if (address instanceof Inet6Address) {
            return INET6;
        }
        throw new InvalidConfigurationException("address", address, "an IPv4 or IPv6 address");
    }

    /**
     * Returns the family with the given {@code AF_*} number.
     *
     * @param number the Linux {@code AF_*} number: 2 or 10
     * @return the family with that number
     * @throws InvalidConfigurationException if it is neither AF_INET (2) nor AF_INET6 (10)
     */
    public static AddressFamily ofNumber(int number) {
        for (AddressFamily f : values()) {
            if (f.number == number) {
                return f;
            }
        }
        throw new InvalidConfigurationException("address family", number, "2 (AF_INET) or 10 (AF_INET6)");
    }
}
