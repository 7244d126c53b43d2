package io.github.ipvs4j.host;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.InvalidConfigurationException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * An address on an interface, as {@code ip addr} shows it: the address, its prefix length, its scope
 * and, for IPv4, its label. Two addresses are the same address for the kernel when interface, address
 * and, for IPv4, prefix length are equal ({@link #sameAs}).
 *
 * @param interfaceName the interface it is on, e.g. {@code lo}
 * @param address the address
 * @param prefixLength the prefix length, 0..32 for IPv4 and 0..128 for IPv6
 * @param scope its scope; {@link AddressScope#GLOBAL} unless chosen
 * @param label for IPv4, a label starting with the interface name (e.g. {@code lo:vip}); the kernel
 *     reports the interface name when none was given
 */
public record InterfaceAddress(String interfaceName, InetAddress address, int prefixLength, AddressScope scope,
        Optional<String> label) {
    /**
     * Validates the components.
     *
     * @param interfaceName the interface it is on, e.g. {@code lo}
     * @param address the address
     * @param prefixLength the prefix length, 0..32 for IPv4 and 0..128 for IPv6
     * @param scope its scope; {@link AddressScope#GLOBAL} unless chosen
     * @param label for IPv4, a label starting with the interface name (e.g. {@code lo:vip}); the kernel reports the
     *     interface name when none was given
     * @throws NullPointerException if a component is null
     * @throws InvalidConfigurationException if the interface name is invalid, the prefix length is out
     *     of range for the family, or the label is given for IPv6, is longer than 15 characters or does
     *     not start with the interface name
     */
    public InterfaceAddress {
        InterfaceNames.check("interface name", interfaceName);
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(label, "label");
        int max = address instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new InvalidConfigurationException("prefix length of " + Addresses.format(address), prefixLength,
                    "0.." + max);
        }
        if (label.isPresent()) {
            String l = label.get();
            if (!(address instanceof Inet4Address)) {
                throw new InvalidConfigurationException("label", l, "none: labels are for IPv4 addresses");
            }
            if (l.isEmpty() || l.length() > 15 || !l.startsWith(interfaceName)) {
                throw new InvalidConfigurationException("label", l,
                        "1..15 characters starting with the interface name " + interfaceName);
            }
        }
    }

    /**
     * Returns a global-scope address without a label.
     *
     * @param interfaceName the interface, e.g. {@code lo}
     * @param address the address
     * @param prefixLength 0..32 for IPv4, 0..128 for IPv6
     * @return the address
     * @throws NullPointerException if an argument is null
     * @throws InvalidConfigurationException as the canonical constructor
     */
    public static InterfaceAddress of(String interfaceName, InetAddress address, int prefixLength) {
        return new InterfaceAddress(interfaceName, address, prefixLength, AddressScope.GLOBAL, Optional.empty());
    }

    /**
     * Parses {@code ADDRESS/PREFIX} (or a bare address, taken as a host address: /32 or /128) on an
     * interface, e.g. {@code of("lo", "192.0.2.10/32")}.
     *
     * @param interfaceName the interface
     * @param cidr an IP literal with an optional {@code /prefix}
     * @return a global-scope address without a label
     * @throws NullPointerException if an argument is null
     * @throws InvalidConfigurationException if {@code cidr} is no IP literal or prefix, or as the
     *     canonical constructor
     */
    public static InterfaceAddress of(String interfaceName, String cidr) {
        Objects.requireNonNull(cidr, "cidr");
        int slash = cidr.indexOf('/');
        String literal = slash < 0 ? cidr : cidr.substring(0, slash);
        InetAddress address = Addresses.parse(literal,
                expected -> new InvalidConfigurationException("address", cidr, expected + " with an optional /prefix"));
        int max = address instanceof Inet4Address ? 32 : 128;
        int prefix = max;
        if (slash >= 0) {
            String p = cidr.substring(slash + 1);
            if (!p.matches("[0-9]{1,3}")) {
                throw new InvalidConfigurationException("prefix length", cidr, "0.." + max + " after '/'");
            }
            prefix = Integer.parseInt(p);
        }
        return of(interfaceName, address, prefix);
    }

    /**
     * Returns a host address: {@code /32} for IPv4, {@code /128} for IPv6, as a VIP on {@code lo} must be.
     *
     * @param interfaceName the interface
     * @param address the address
     * @return a global-scope address without a label
     * @throws NullPointerException if an argument is null
     * @throws InvalidConfigurationException if the interface name is invalid
     */
    public static InterfaceAddress host(String interfaceName, InetAddress address) {
        Objects.requireNonNull(address, "address");
        return of(interfaceName, address, address instanceof Inet4Address ? 32 : 128);
    }

    /**
     * Returns a copy with the given scope.
     *
     * @param scope the scope
     * @return the copy
     * @throws NullPointerException if {@code scope} is null
     */
    public InterfaceAddress withScope(AddressScope scope) {
        return new InterfaceAddress(interfaceName, address, prefixLength, scope, label);
    }

    /**
     * Returns a copy with the given label (IPv4 only).
     *
     * @param label 1..15 characters starting with the interface name
     * @return the copy
     * @throws NullPointerException if {@code label} is null
     * @throws InvalidConfigurationException as the canonical constructor
     */
    public InterfaceAddress withLabel(String label) {
        Objects.requireNonNull(label, "label");
        return new InterfaceAddress(interfaceName, address, prefixLength, scope, Optional.of(label));
    }

    /**
     * Whether {@code other} is the same address for the kernel, which refuses to add one while the
     * other is there (EEXIST): same interface and address and, for IPv4, the same prefix length (an
     * IPv4 address may be on an interface twice with different prefixes, an IPv6 address only once).
     * Scope and label are attributes of it.
     *
     * @param other another address
     * @return true if it is the same address
     * @throws NullPointerException if {@code other} is null
     */
    public boolean sameAs(InterfaceAddress other) {
        return interfaceName.equals(other.interfaceName) && address.equals(other.address)
                && (prefixLength == other.prefixLength || !(address instanceof Inet4Address));
    }

    /** {@code 192.0.2.10/32 on lo}, with scope and label when they are not the defaults. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(Addresses.format(address)).append('/').append(prefixLength)
                .append(" on ").append(interfaceName);
        if (!scope.equals(AddressScope.GLOBAL)) {
            sb.append(" scope ").append(scope);
        }
        label.filter(l -> !l.equals(interfaceName)).ifPresent(l -> sb.append(" label ").append(l));
        return sb.toString();
    }
}
