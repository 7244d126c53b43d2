package io.github.ipvs4j;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Parsing and formatting of IP address literals; never resolves host names. */
public final class Addresses {
    private Addresses() {
    }

    /**
     * Parses an IPv4 dotted-quad or IPv6 literal (brackets allowed for IPv6).
     *
     * @param field the name of the field being parsed, used in the error
     * @param text the literal
     * @return the address
     * @throws InvalidConfigurationException if the text is not an IP literal (host names are rejected,
     *     so no DNS lookup ever happens)
     */
    public static InetAddress parse(String field, String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidConfigurationException(field, text, "an IPv4 or IPv6 address literal");
        }
        String t = text;
        if (t.startsWith("[") && t.endsWith("]") && t.indexOf(':') >= 0) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.indexOf(':') >= 0) {
            // A string containing ':' is only ever parsed as an IPv6 literal, never looked up: the JDK
            // treats text starting with a hex digit or ':' as a literal and fails without a lookup, but
            // would look up anything else (such as ".::1"), so that is refused here.
            if (!(isHex(t.charAt(0)) || t.charAt(0) == ':')
                    || !t.chars().allMatch(c -> isHex(c) || c == ':' || c == '.')) {
                throw new InvalidConfigurationException(field, text, "an IPv4 or IPv6 address literal");
            }
            try {
                InetAddress a = InetAddress.getByName(t);
                if (a instanceof Inet6Address) {
                    return a;
                }
                // An IPv4-mapped literal such as ::ffff:192.0.2.1 is returned by the JDK as IPv4;
                // keep it IPv6 as written.
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(a.getAddress(), 0, mapped, 12, 4);
                return Inet6Address.getByAddress(null, mapped, -1);
            } catch (UnknownHostException e) {
                throw new InvalidConfigurationException(field, text, "an IPv4 or IPv6 address literal");
            }
        }
        String[] parts = t.split("\\.", -1);
        if (parts.length != 4) {
            throw new InvalidConfigurationException(field, text, "an IPv4 or IPv6 address literal");
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new InvalidConfigurationException(field, text, "an IPv4 or IPv6 address literal");
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                throw new InvalidConfigurationException(field, text, "an IPv4 address with octets 0..255");
            }
            b[i] = (byte) v;
        }
        return fromBytes(b);
    }

    /** ASCII hex digits only: Character.digit also takes other scripts' digits. */
    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Returns the address for 4 or 16 raw bytes (network order). */
    public static InetAddress fromBytes(byte[] bytes) {
        try {
            if (bytes.length == 16) {
                return Inet6Address.getByAddress(null, bytes, -1);
            }
            if (bytes.length == 4) {
                return InetAddress.getByAddress(bytes);
            }
        } catch (UnknownHostException e) {
            // unreachable: lengths are checked
        }
        throw new InvalidConfigurationException("address", bytes.length + " bytes", "4 or 16 bytes");
    }

    /** Formats an address as a literal: dotted quad, or compressed IPv6 (RFC 5952) without brackets. */
    public static String format(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        // RFC 5952: compress the longest run (>= 2) of zero groups, the first one on a tie.
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i >= 2) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    /** Formats address and port as {@code 192.0.2.1:80} or {@code [2001:db8::1]:80}. */
    public static String format(InetAddress address, int port) {
        String a = format(address);
        return (address instanceof Inet6Address ? "[" + a + "]" : a) + ":" + port;
    }
}
