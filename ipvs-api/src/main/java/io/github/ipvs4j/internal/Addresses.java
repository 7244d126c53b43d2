package io.github.ipvs4j.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.function.Function;


/**
 * Parsing and formatting of IP address literals; never resolves host names. Shared by ipvs4j's modules,
 * not part of its API.
 */
public final class Addresses {
    /** The form {@link #parse} expects, for messages. */
    public static final String LITERAL = "an IPv4 or IPv6 address literal";

    private Addresses() {
    }

    /**
     * Parses an IPv4 dotted-quad or IPv6 literal (brackets allowed for IPv6).
     *
     * @param text the literal
     * @return the address
     * @throws IllegalArgumentException if the text is not an IP literal (host names are rejected, so no
     *     DNS lookup ever happens); its message is the form expected, e.g. {@value #LITERAL}
     */
    public static InetAddress parse(String text) {
        return parse(text, IllegalArgumentException::new);
    }

    /**
     * Parses an IPv4 dotted-quad or IPv6 literal (brackets allowed for IPv6), refusing anything else
     * with the caller's exception.
     *
     * @param <X> the exception the caller reports a refusal with
     * @param text the literal
     * @param refusal makes the exception from the form that was expected, e.g. {@value #LITERAL}
     * @return the address
     * @throws X if the text is not an IP literal; host names are refused, so no DNS lookup ever happens
     */
    public static <X extends RuntimeException> InetAddress parse(String text, Function<String, X> refusal) {
        if (text == null || text.isEmpty()) {
            throw refusal.apply(LITERAL);
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
                throw refusal.apply(LITERAL);
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
                throw refusal.apply(LITERAL);
            }
        }
        String[] parts = t.split("\\.", -1);
        if (parts.length != 4) {
            throw refusal.apply(LITERAL);
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw refusal.apply(LITERAL);
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                throw refusal.apply("an IPv4 address with octets 0..255");
            }
            b[i] = (byte) v;
        }
        return fromBytes(b);
    }

    /** ASCII hex digits only: Character.digit also takes other scripts' digits. */
    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /**
     * Returns the address for 4 or 16 raw bytes (network order).
     *
     * @param bytes the address bytes
     * @return the address
     * @throws IllegalArgumentException if there are not 4 or 16 bytes
     */
    public static InetAddress fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "address bytes");
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
        throw new IllegalArgumentException("an address of 4 or 16 bytes, not " + bytes.length);
    }

    /**
     * Formats an address as a literal: dotted quad, or compressed IPv6 (RFC 5952) without brackets.
     *
     * @param address an IPv4 or IPv6 address
     * @return the literal, e.g. {@code 192.0.2.1} or {@code 2001:db8::1}
     * @throws NullPointerException if {@code address} is null
     */
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

    /**
     * Formats address and port as ipvsadm does, an IPv6 address in brackets.
     *
     * @param address an IPv4 or IPv6 address
     * @param port the port, written as given
     * @return e.g. {@code 192.0.2.1:80} or {@code [2001:db8::1]:80}
     * @throws NullPointerException if {@code address} is null
     */
    public static String format(InetAddress address, int port) {
        String a = format(address);
        return (address instanceof Inet6Address ? "[" + a + "]" : a) + ":" + port;
    }

    /**
     * Formats an endpoint as {@link #format(InetAddress, int)} does, for {@code toString} methods (never
     * {@code InetSocketAddress.toString}'s {@code /192.0.2.1:80}): an unresolved one as {@code host:port},
     * null as {@code null}.
     *
     * @param endpoint the endpoint, or null
     * @return e.g. {@code 192.0.2.1:80} or {@code [2001:db8::1]:80}
     */
    public static String format(InetSocketAddress endpoint) {
        if (endpoint == null) {
            return "null";
        }
        return endpoint.isUnresolved() ? endpoint.getHostString() + ":" + endpoint.getPort()
                : format(endpoint.getAddress(), endpoint.getPort());
    }
}
