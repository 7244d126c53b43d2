package io.github.ipvs4j.host;

import io.github.ipvs4j.model.InvalidConfigurationException;

/**
 * The scope of an address ({@code rtnetlink.h}'s {@code rt_scope_t}): how far from this host it is
 * meaningful. The kernel keeps any number 0..255; the named ones are those {@code ip} prints by name.
 *
 * @param code the kernel's number, 0..255
 */
public record AddressScope(int code) {
    /** Valid everywhere (0); the default of an added address. */
    public static final AddressScope GLOBAL = new AddressScope(0);
    /** Valid within the site (200), IPv6 only. */
    public static final AddressScope SITE = new AddressScope(200);
    /** Valid on the link only (253), e.g. IPv6 {@code fe80::/10}. */
    public static final AddressScope LINK = new AddressScope(253);
    /** Valid on this host only (254), e.g. {@code 127.0.0.1}. */
    public static final AddressScope HOST = new AddressScope(254);
    /** Not valid anywhere (255). */
    public static final AddressScope NOWHERE = new AddressScope(255);

    /**
     * Validates the code.
     *
     * @param code 0..255
     * @throws InvalidConfigurationException if {@code code} is out of range
     */
    public AddressScope {
        if (code < 0 || code > 255) {
            throw new InvalidConfigurationException("address scope", code, "0..255");
        }
    }

    /**
     * Returns the scope of a code.
     *
     * @param code 0..255
     * @return the scope
     * @throws InvalidConfigurationException if {@code code} is out of range
     */
    public static AddressScope of(int code) {
        switch (code) {
            case 0: return GLOBAL;
            case 200: return SITE;
            case 253: return LINK;
            case 254: return HOST;
            case 255: return NOWHERE;
            default: return new AddressScope(code);
        }
    }

    /**
     * The name {@code ip} uses ({@code global}, {@code site}, {@code link}, {@code host}, {@code nowhere}),
     * else the number.
     */
    @Override
    public String toString() {
        switch (code) {
            case 0: return "global";
            case 200: return "site";
            case 253: return "link";
            case 254: return "host";
            case 255: return "nowhere";
            default: return Integer.toString(code);
        }
    }
}
