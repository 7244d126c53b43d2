package io.github.ipvs4j.rules;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.internal.Netmasks;
import io.github.ipvs4j.model.AddressFamily;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.InvalidConfigurationException;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.SchedulerFlag;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.TunnelChecksum;
import io.github.ipvs4j.model.TunnelType;
import io.github.ipvs4j.model.VirtualService;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** Formats model values as ipvsadm arguments, the way {@code ipvsadm -Sn} prints them. */
final class IpvsadmFormat {
    private IpvsadmFormat() {
    }

    /**
     * Where the methods below put arguments: a list of words ({@link IpvsadmCommand#arguments()}), or
     * straight onto a line being written ({@link Line}).
     */
    @FunctionalInterface
    interface Arguments {
        void add(String word);

        default void add(int number) {
            add(Integer.toString(number));
        }

        /** {@code 192.0.2.1:80} or {@code [2001:db8::1]:80}. */
        default void addEndpoint(InetAddress address, int port) {
            add(endpoint(address, port));
        }
    }

    /** Appends {@code " word"} per argument to a line, numbers and IPv4 addresses without a string each. */
    // -S of a large table is mostly such words: a wall-clock profile of jipvsadm -Sn of 10,000 x 8
    // rules in the qemu guest spent a fifth of its time formatting them.
    static final class Line implements Arguments {
        private final StringBuilder text;

        Line(StringBuilder text) {
            this.text = text;
        }

        @Override
        public void add(String word) {
            text.append(' ').append(word);
        }

        @Override
        public void add(int number) {
            text.append(' ').append(number);
        }

        @Override
        public void addEndpoint(InetAddress address, int port) {
            if (address instanceof Inet6Address) {
                text.append(" [").append(address(address)).append(']');
            } else {
                byte[] b = address.getAddress();
                text.append(' ').append(b[0] & 0xff).append('.').append(b[1] & 0xff).append('.')
                        .append(b[2] & 0xff).append('.').append(b[3] & 0xff);
            }
            text.append(':').append(port);
        }
    }

    /** {@code -t 192.0.2.1:80}, {@code --sctp-service [2001:db8::1]:80}, {@code -f 1} or {@code -f 1 -6}. */
    static void service(ServiceKey key, Arguments out) {
        if (key instanceof ServiceKey.Address a) {
            switch (a.protocol()) {
                case TCP: out.add("-t"); break;
                case UDP: out.add("-u"); break;
                default: out.add("--sctp-service"); break;
            }
            out.addEndpoint(a.address(), a.port());
        } else {
            ServiceKey.FirewallMark f = (ServiceKey.FirewallMark) key;
            out.add("-f");
            out.add(Long.toString(f.mark()));
            if (f.family() == AddressFamily.INET6) {
                out.add("-6");
            }
        }
    }

    /** The options of {@code -A}/{@code -E} after the service, in ipvsadm's order. */
    static void serviceOptions(VirtualService service, Arguments out) {
        out.add("-s");
        out.add(service.scheduler().name());
        service.persistence().ifPresent(p -> {
            out.add("-p");
            out.add(p.timeoutSeconds());
            if (p.prefixLength() != service.family().addressBits()) {
                out.add("-M");
                out.add(service.family() == AddressFamily.INET ? netmask(p.prefixLength())
                        : Integer.toString(p.prefixLength()));
            }
            p.engine().ifPresent(e -> {
                out.add("--pe");
                out.add(e);
            });
        });
        if (service.onePacket()) {
            out.add("-o");
        }
        if (!service.schedulerFlags().isEmpty()) {
            // ipvsadm -S leaves flag-3 out for sh and mh (and then prints a bare "-b"); naming it as
            // flag-3 keeps the flag, and ipvsadm -R accepts flag-N under any scheduler.
            List<String> names = new ArrayList<>();
            for (SchedulerFlag f : SchedulerFlag.values()) {
                if (service.schedulerFlags().contains(f)) {
                    names.add(f.ipvsadmName(service.scheduler()));
                }
            }
            out.add("-b");
            out.add(String.join(",", names));
        }
    }

    /**
     * {@code -r addr:port -m -w 1} and tunnel options, as ipvsadm -S prints them; with
     * {@code thresholds}, non-zero {@code -x}/{@code -y} follow (ipvsadm -S never prints them).
     */
    static void realServer(RealServer server, boolean thresholds, Arguments out) {
        out.add("-r");
        out.addEndpoint(server.address(), server.port());
        ForwardingMethod fwd = server.forwarding();
        if (fwd instanceof ForwardingMethod.Masquerade) {
            out.add("-m");
        } else if (fwd instanceof ForwardingMethod.Tunnel) {
            out.add("-i");
        } else if (fwd instanceof ForwardingMethod.DirectRouting || fwd instanceof ForwardingMethod.Local) {
            // ipvsadm prints a local-node real server as -g, like direct routing.
            out.add("-g");
        } else {
            throw new InvalidConfigurationException("forwarding method", fwd,
                    "DR, NAT, LOCAL or a tunnel (ipvsadm has no option for bypass)");
        }
        out.add("-w");
        out.add(server.weight());
        if (fwd instanceof ForwardingMethod.Tunnel t) {
            out.add("--tun-type");
            out.add(t.type().ipvsadmName());
            if (t.type() == TunnelType.GUE) {
                out.add("--tun-port");
                out.add(t.port());
            }
            if (t.type() != TunnelType.IPIP) {
                out.add(checksumOption(t.checksum()));
            }
        }
        if (thresholds) {
            if (server.upperThreshold() != 0) {
                out.add("-x");
                out.add(server.upperThreshold());
            }
            if (server.lowerThreshold() != 0) {
                out.add("-y");
                out.add(server.lowerThreshold());
            }
        }
    }

    static String checksumOption(TunnelChecksum checksum) {
        switch (checksum) {
            case CHECKSUM: return "--tun-csum";
            case REMOTE_CHECKSUM: return "--tun-remcsum";
            default: return "--tun-nocsum";
        }
    }

    /** {@code 192.0.2.1:80} or {@code [2001:db8::1]:80}, addresses as glibc's inet_ntop writes them. */
    static String endpoint(InetAddress address, int port) {
        String a = address(address);
        return (address instanceof Inet6Address ? "[" + a + "]" : a) + ":" + port;
    }

    /** The dotted netmask of an IPv4 prefix length, e.g. 255.255.255.0 for 24. */
    static String netmask(int prefixLength) {
        int m = Netmasks.ipv4Mask(prefixLength);
        return (m >>> 24) + "." + ((m >>> 16) & 0xff) + "." + ((m >>> 8) & 0xff) + "." + (m & 0xff);
    }

    /**
     * Formats an address as glibc's {@code inet_ntop} does, which ipvsadm prints: RFC 5952 compression,
     * except that an IPv4-mapped ({@code ::ffff:a.b.c.d}) or IPv4-compatible ({@code ::a.b.c.d}) address
     * ends in a dotted quad.
     */
    static String address(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean zeroPrefix = true;
            for (int i = 0; i < 10; i++) {
                zeroPrefix &= b[i] == 0;
            }
            int w5 = ((b[10] & 0xff) << 8) | (b[11] & 0xff);
            int w6 = ((b[12] & 0xff) << 8) | (b[13] & 0xff);
            // glibc writes the dotted form when the longest zero run is exactly words 0..5 (a zero
            // word 6 would make it longer), or words 0..4 followed by ffff.
            if (zeroPrefix && (w5 == 0xffff || (w5 == 0 && w6 != 0))) {
                String quad = (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
                return (w5 == 0 ? "::" : "::ffff:") + quad;
            }
        }
        return Addresses.format(address);
    }
}
