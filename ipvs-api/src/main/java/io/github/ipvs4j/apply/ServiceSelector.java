package io.github.ipvs4j.apply;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.internal.Netmasks;
import io.github.ipvs4j.model.AddressFamily;
import io.github.ipvs4j.model.InvalidConfigurationException;
import io.github.ipvs4j.model.ServiceKey;
import java.net.InetAddress;
import java.util.Objects;

/**
 * Which virtual services a reconciler owns. Apply creates, edits and deletes only owned services, so
 * it can run beside keepalived, kube-proxy or hand-made rules without touching theirs.
 */
@FunctionalInterface
public interface ServiceSelector {

    /**
     * Whether the service with this key is owned.
     *
     * @param key the service's key
     * @return true if it is owned
     */
    boolean owns(ServiceKey key);

    /**
     * Every service (the default: apply makes the whole table match).
     *
     * @return the selector
     */
    static ServiceSelector all() {
        return key -> true;
    }

    /**
     * Address services whose virtual address is in the network {@code cidr}, e.g. {@code 192.0.2.0/24};
     * an address without a prefix length is one host. Firewall-mark services are not owned.
     *
     * @param cidr an IPv4 or IPv6 address literal with an optional {@code /prefix-length}
     * @return the selector
     * @throws NullPointerException if {@code cidr} is null
     * @throws InvalidConfigurationException if the address is not an IP literal (host names are not looked
     *     up) or the prefix length is not a number within the family's 0..32 or 0..128
     */
    static ServiceSelector network(String cidr) {
        Objects.requireNonNull(cidr, "cidr");
        int slash = cidr.indexOf('/');
        InetAddress base = Addresses.parse(slash < 0 ? cidr : cidr.substring(0, slash),
                expected -> new InvalidConfigurationException("network", cidr, expected));
        int bits = AddressFamily.of(base).addressBits();
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationException("network prefix length", cidr, "0.." + bits);
        }
        if (prefix < 0 || prefix > bits) {
            throw new InvalidConfigurationException("network prefix length", prefix, "0.." + bits);
        }
        int length = prefix;
        InetAddress network = Netmasks.network(base, length);
        return key -> key instanceof ServiceKey.Address a && a.address().getAddress().length * 8 == bits
                && Netmasks.network(a.address(), length).equals(network);
    }

    /**
     * Address services whose port is within {@code from..to}.
     *
     * @param from the lowest port, 0..65535
     * @param to the highest port, {@code from}..65535
     * @return the selector
     * @throws InvalidConfigurationException if the range is not within 0..65535 or {@code from > to}
     */
    static ServiceSelector ports(int from, int to) {
        if (from < 0 || to > 65535 || from > to) {
            throw new InvalidConfigurationException("port range", from + ".." + to,
                    "from..to within 0..65535, from <= to");
        }
        return key -> key instanceof ServiceKey.Address a && a.port() >= from && a.port() <= to;
    }

    /**
     * Firewall-mark services whose mark is within {@code from..to}.
     *
     * @param from the lowest mark, 1..4294967295
     * @param to the highest mark, {@code from}..4294967295
     * @return the selector
     * @throws InvalidConfigurationException if the range is not within 1..4294967295 or {@code from > to}
     */
    static ServiceSelector firewallMarks(long from, long to) {
        if (from < 1 || to > 0xFFFF_FFFFL || from > to) {
            throw new InvalidConfigurationException("firewall mark range", from + ".." + to,
                    "from..to within 1..4294967295, from <= to");
        }
        return key -> key instanceof ServiceKey.FirewallMark m && m.mark() >= from && m.mark() <= to;
    }

    /**
     * Services owned by both selectors.
     *
     * @param other the other selector
     * @return the selector
     * @throws NullPointerException if {@code other} is null
     */
    default ServiceSelector and(ServiceSelector other) {
        Objects.requireNonNull(other, "other");
        return key -> owns(key) && other.owns(key);
    }

    /**
     * Services owned by either selector.
     *
     * @param other the other selector
     * @return the selector
     * @throws NullPointerException if {@code other} is null
     */
    default ServiceSelector or(ServiceSelector other) {
        Objects.requireNonNull(other, "other");
        return key -> owns(key) || other.owns(key);
    }
}
