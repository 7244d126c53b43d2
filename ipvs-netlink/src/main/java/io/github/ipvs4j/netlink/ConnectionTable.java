package io.github.ipvs4j.netlink;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.Connection;
import io.github.ipvs4j.model.InvalidConfigurationException;
import io.github.ipvs4j.model.Protocol;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the kernel's connection table, {@code /proc/net/ip_vs_conn}: a header line, then one line per
 * entry: protocol, client, virtual and destination address and port, state, seconds to expiry and
 * optionally the persistence engine's name and data. IPv4 addresses are 8 hex digits, IPv6 ones are
 * written out with colons; ports are 4 hex digits.
 */
final class ConnectionTable {
    private ConnectionTable() {
    }

    /**
     * Parses the lines of the table. Entries of protocols the model has no name for (templates of
     * firewall-mark services show as {@code IP}) are left out.
     *
     * @throws MalformedMessageException for a line that does not follow the format
     */
    static List<Connection> parse(List<String> lines) {
        List<Connection> out = new ArrayList<>();
        for (String line : lines) {
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("Pro ")) {
                continue;
            }
            String[] f = t.split("\\s+");
            if (f.length < 9) {
                throw new MalformedMessageException("connection table line has " + f.length
                        + " fields, expected at least 9: " + line);
            }
            Protocol protocol;
            switch (f[0]) {
                case "TCP" -> protocol = Protocol.TCP;
                case "UDP" -> protocol = Protocol.UDP;
                case "SCTP" -> protocol = Protocol.SCTP;
                default -> {
                    continue;
                }
            }
            try {
                out.add(new Connection(protocol, address(f[1]), port(f[2]), address(f[3]), port(f[4]),
                        address(f[5]), port(f[6]), f[7], seconds(f[8])));
            } catch (NumberFormatException | InvalidConfigurationException e) {
                throw new MalformedMessageException("connection table line has a bad number or address: " + line);
            }
        }
        return out;
    }

    private static InetAddress address(String field) {
        if (field.indexOf(':') >= 0) {
            return Addresses.parse(field, expected -> new NumberFormatException(field));
        }
        int v = (int) hex(field, 8);
        return Addresses.fromBytes(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    private static int port(String field) {
        return (int) hex(field, 4);
    }

    /**
     * Exactly {@code digits} ASCII hex digits: {@code Long.parseLong} alone would also take a sign
     * ({@code -4C4} is four characters long) and other scripts' digits.
     */
    private static long hex(String field, int digits) {
        if (field.length() != digits || !field.chars().allMatch(
                c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            throw new NumberFormatException(field);
        }
        return Long.parseLong(field, 16);
    }

    /** The seconds to expiry: decimal digits, which the kernel prints for an unsigned count. */
    private static long seconds(String field) {
        if (!field.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new NumberFormatException(field);
        }
        return Long.parseLong(field);
    }
}
