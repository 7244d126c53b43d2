package io.github.ipvs4j.host;

import java.util.Objects;

/**
 * One change to a host's networking: what a preflight's fix makes, and what
 * {@link io.github.ipvs4j.Host#apply(HostChange)} executes. Every consumer goes through its one
 * dispatch point, {@link #accept(Visitor)}.
 */
public sealed interface HostChange {
    /**
     * Hands this change to the visitor's method for its kind.
     *
     * @param visitor the visitor
     * @param <R> what the visitor returns
     * @return the visitor's result
     */
    <R> R accept(Visitor<R> visitor);

    /**
     * One method per kind of change, named like {@link io.github.ipvs4j.Host}'s methods.
     *
     * @param <R> what each method returns
     */
    interface Visitor<R> {
        /**
         * Visits an address to add.
         *
         * @param change the change
         * @return the result
         */
        R addAddress(AddAddress change);

        /**
         * Visits an address to remove.
         *
         * @param change the change
         * @return the result
         */
        R removeAddress(RemoveAddress change);

        /**
         * Visits a setting to write.
         *
         * @param change the change
         * @return the result
         */
        R writeSetting(WriteSetting change);

        /**
         * Visits an interface to bring up or down.
         *
         * @param change the change
         * @return the result
         */
        R setLinkUp(SetLinkUp change);
    }

    /**
     * Add an address to an interface ({@code ip addr add}).
     *
     * @param address the address
     */
    record AddAddress(InterfaceAddress address) implements HostChange {
        /**
         * Validates the component.
         *
         * @param address the address
         * @throws NullPointerException if {@code address} is null
         */
        public AddAddress {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.addAddress(this);
        }

        /** {@code add address 192.0.2.10/32 on lo}. */
        @Override
        public String toString() {
            return "add address " + address;
        }
    }

    /**
     * Remove an address from an interface ({@code ip addr del}).
     *
     * @param address the address
     */
    record RemoveAddress(InterfaceAddress address) implements HostChange {
        /**
         * Validates the component.
         *
         * @param address the address
         * @throws NullPointerException if {@code address} is null
         */
        public RemoveAddress {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.removeAddress(this);
        }

        /** {@code remove address 192.0.2.10/24 on eth0}. */
        @Override
        public String toString() {
            return "remove address " + address;
        }
    }

    /**
     * Write a setting ({@code sysctl -w}).
     *
     * @param setting the setting
     * @param value its new value, in the setting's range
     */
    record WriteSetting(Setting setting, int value) implements HostChange {
        /**
         * Validates the components.
         *
         * @param setting the setting
         * @param value its new value, in the setting's range
         * @throws NullPointerException if {@code setting} is null
         * @throws io.github.ipvs4j.model.InvalidConfigurationException if {@code value} is out of the
         *     setting's range
         */
        public WriteSetting {
            Objects.requireNonNull(setting, "setting");
            setting.sysctl().check(value);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.writeSetting(this);
        }

        /** {@code set net.ipv4.conf.all.arp_ignore = 1}. */
        @Override
        public String toString() {
            return "set " + setting + " = " + value;
        }
    }

    /**
     * Bring an interface up or down ({@code ip link set IF up}).
     *
     * @param interfaceName the interface
     * @param up true for up
     */
    record SetLinkUp(String interfaceName, boolean up) implements HostChange {
        /**
         * Validates the components.
         *
         * @param interfaceName the interface
         * @param up true for up
         * @throws NullPointerException if {@code interfaceName} is null
         * @throws io.github.ipvs4j.model.InvalidConfigurationException if the name is invalid
         */
        public SetLinkUp {
            InterfaceNames.check("interface name", interfaceName);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.setLinkUp(this);
        }

        /** {@code set link tunl0 up}. */
        @Override
        public String toString() {
            return "set link " + interfaceName + (up ? " up" : " down");
        }
    }
}
