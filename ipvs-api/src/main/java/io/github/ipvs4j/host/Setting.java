package io.github.ipvs4j.host;

import io.github.ipvs4j.model.InvalidConfigurationException;
import java.util.Objects;
import java.util.Optional;

/**
 * One kernel setting: a {@link Sysctl}, and for a per-interface one, the interface it is read or written
 * on ({@code all}, {@code default} or an interface name). Its {@link #toString()} is its sysctl name,
 * e.g. {@code net.ipv4.conf.all.arp_ignore}.
 *
 * @param sysctl the setting
 * @param device for a per-interface setting, {@code all}, {@code default} or an interface name; empty
 *     for a global one
 */
public record Setting(Sysctl sysctl, Optional<String> device) {
    /** The device name that stands for every interface. */
    public static final String ALL = "all";
    /** The device name that stands for interfaces created later. */
    public static final String DEFAULT = "default";

    /**
     * Validates the components.
     *
     * @param sysctl the setting
     * @param device for a per-interface setting, {@code all}, {@code default} or an interface name; empty for a global
     *     one
     * @throws NullPointerException if a component is null
     * @throws InvalidConfigurationException if a per-interface setting has no device, a global one has
     *     one, or the device is no valid interface name
     */
    public Setting {
        Objects.requireNonNull(sysctl, "sysctl");
        Objects.requireNonNull(device, "device");
        if (sysctl.perInterface() && device.isEmpty()) {
            throw new InvalidConfigurationException("device of " + sysctl, "none",
                    "\"all\", \"default\" or an interface name");
        }
        if (!sysctl.perInterface() && device.isPresent()) {
            throw new InvalidConfigurationException("device of " + sysctl, device.get(),
                    "none: the setting is global");
        }
        device.ifPresent(d -> InterfaceNames.check("device of " + sysctl, d));
    }

    /**
     * Returns a global setting, e.g. {@code Setting.of(Sysctl.IP_FORWARD)}.
     *
     * @param sysctl a global setting
     * @return the setting
     * @throws NullPointerException if {@code sysctl} is null
     * @throws InvalidConfigurationException if {@code sysctl} is per interface
     */
    public static Setting of(Sysctl sysctl) {
        return new Setting(sysctl, Optional.empty());
    }

    /**
     * Returns a per-interface setting on one device, e.g. {@code Setting.of(Sysctl.ARP_IGNORE, "eth0")}.
     *
     * @param sysctl a per-interface setting
     * @param device {@link #ALL}, {@link #DEFAULT} or an interface name
     * @return the setting
     * @throws NullPointerException if an argument is null
     * @throws InvalidConfigurationException if {@code sysctl} is global or {@code device} is no valid name
     */
    public static Setting of(Sysctl sysctl, String device) {
        Objects.requireNonNull(device, "device");
        return new Setting(sysctl, Optional.of(device));
    }

    /**
     * Returns a per-interface setting on {@code all}.
     *
     * @param sysctl a per-interface setting
     * @return the setting
     * @throws NullPointerException if {@code sysctl} is null
     * @throws InvalidConfigurationException if {@code sysctl} is global
     */
    public static Setting all(Sysctl sysctl) {
        return of(sysctl, ALL);
    }

    /**
     * The sysctl name, as {@code sysctl} prints it: {@code net.ipv4.conf.eth0.arp_ignore} (dots in an
     * interface name become slashes there, {@code net.ipv4.conf.eth0/100.rp_filter}).
     *
     * @return the name
     */
    public String name() {
        return sysctl.name(device.orElse(""));
    }

    /**
     * Where it is under {@code /proc/sys}: {@code net/ipv4/conf/eth0/arp_ignore}.
     *
     * @return the relative path
     */
    public String path() {
        return sysctl.path(device.orElse(""));
    }

    /** The sysctl name, {@link #name()}. */
    @Override
    public String toString() {
        return name();
    }
}
