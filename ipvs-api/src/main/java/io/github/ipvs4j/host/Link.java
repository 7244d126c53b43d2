package io.github.ipvs4j.host;

import io.github.ipvs4j.model.InvalidConfigurationException;
import java.util.Objects;
import java.util.Optional;

/**
 * A network interface as the kernel reports it ({@code RTM_GETLINK}).
 *
 * @param index the kernel's interface index, 1 or more
 * @param name the interface name, e.g. {@code eth0}
 * @param kind the driver kind for virtual interfaces ({@code dummy}, {@code veth}, {@code bridge},
 *     {@code ipip}, ...); empty for physical interfaces and {@code lo}
 * @param up whether it is administratively up ({@code IFF_UP})
 * @param loopback whether it is a loopback interface ({@code IFF_LOOPBACK})
 * @param noArp whether it does no ARP ({@code IFF_NOARP}, e.g. {@code tunl0}, {@code dummy}; {@code lo} is only
 *     loopback)
 * @param hardwareAddress its link-layer address, if it has one
 * @param mtu its MTU in bytes
 */
public record Link(int index, String name, Optional<String> kind, boolean up, boolean loopback, boolean noArp,
        Optional<HardwareAddress> hardwareAddress, int mtu) {
    /**
     * Validates the components.
     *
     * @param index the kernel's interface index, 1 or more
     * @param name the interface name, e.g. {@code eth0}
     * @param kind the driver kind for virtual interfaces ({@code dummy}, {@code veth}, {@code bridge}, {@code ipip},
     *     ...); empty for physical interfaces and {@code lo}
     * @param up whether it is administratively up ({@code IFF_UP})
     * @param loopback whether it is a loopback interface ({@code IFF_LOOPBACK})
     * @param noArp whether it does no ARP ({@code IFF_NOARP}, e.g. {@code tunl0}, {@code dummy}; {@code lo} is only
     *     loopback)
     * @param hardwareAddress its link-layer address, if it has one
     * @param mtu its MTU in bytes
     * @throws NullPointerException if a component is null
     * @throws InvalidConfigurationException if {@code index} is below 1, {@code name} is no valid
     *     interface name or {@code mtu} is negative
     */
    public Link {
        if (index < 1) {
            throw new InvalidConfigurationException("interface index", index, "1..2147483647");
        }
        InterfaceNames.check("interface name", name);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(hardwareAddress, "hardwareAddress");
        if (mtu < 0) {
            throw new InvalidConfigurationException("mtu", mtu, "0..2147483647");
        }
    }

    /**
     * Checks a name by the kernel's rule for interface names: 1..15 bytes in UTF-8, not {@code .} or
     * {@code ..}, without {@code /}, {@code :}, white space or NUL.
     *
     * @param field what the name is, for the message, e.g. {@code interface}
     * @param name the name
     * @return {@code name}
     * @throws NullPointerException if {@code name} is null
     * @throws InvalidConfigurationException naming {@code field} and the rule if the kernel would refuse it
     */
    public static String checkName(String field, String name) {
        return InterfaceNames.check(field, name);
    }
}
