package io.github.ipvs4j.host;

import io.github.ipvs4j.model.InvalidConfigurationException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A link-layer address, as the kernel reports it for an interface: six bytes for Ethernet, four for an
 * IPv4 tunnel ({@code tunl0}), and so on.
 *
 * @param text the bytes in lower-case hex separated by colons, e.g. {@code 02:00:5e:00:01:0a}
 */
public record HardwareAddress(String text) {
    private static final HexFormat FORMAT = HexFormat.ofDelimiter(":");

    /**
     * Validates the text.
     *
     * @param text 1..32 bytes as two hex digits each, separated by colons; kept in lower case
     * @throws NullPointerException if {@code text} is null
     * @throws InvalidConfigurationException if {@code text} is not such a list
     */
    public HardwareAddress {
        Objects.requireNonNull(text, "text");
        if (!text.matches("\\p{XDigit}{2}(:\\p{XDigit}{2}){0,31}")) {
            throw new InvalidConfigurationException("hardware address", text,
                    "1..32 bytes as two hex digits each, separated by ':'");
        }
        text = text.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Returns the address of the given bytes.
     *
     * @param bytes 1..32 bytes
     * @return the address
     * @throws NullPointerException if {@code bytes} is null
     * @throws InvalidConfigurationException if there are no bytes or more than 32
     */
    public static HardwareAddress of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == 0 || bytes.length > 32) {
            throw new InvalidConfigurationException("hardware address length", bytes.length, "1..32");
        }
        return new HardwareAddress(FORMAT.formatHex(bytes));
    }

    /**
     * Returns the bytes.
     *
     * @return a new array with the address's bytes
     */
    public byte[] bytes() {
        return FORMAT.parseHex(text);
    }

    @Override
    public String toString() {
        return text;
    }
}
