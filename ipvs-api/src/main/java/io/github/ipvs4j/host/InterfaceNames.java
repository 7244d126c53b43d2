package io.github.ipvs4j.host;

import io.github.ipvs4j.model.InvalidConfigurationException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** The kernel's rule for interface names ({@code dev_valid_name}), shared by the host model. */
final class InterfaceNames {
    /** What a valid name is, for messages. */
    static final String ALLOWED = "1..15 bytes (UTF-8), not \".\" or \"..\", without '/', ':', white space or NUL";

    private InterfaceNames() {
    }

    /** Returns {@code name} if the kernel would accept it as an interface name. */
    static String check(String field, String name) {
        Objects.requireNonNull(name, field);
        if (!valid(name)) {
            throw new InvalidConfigurationException(field, name, ALLOWED);
        }
        return name;
    }

    /** The kernel's rule: fewer than IFNAMSIZ (16) bytes, and no '/', ':' or byte its isspace() matches. */
    static boolean valid(String name) {
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > 15 || name.equals(".") || name.equals("..")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == ':' || c == ' ' || (c >= '\t' && c <= '\r') || c == 0) {
                return false;
            }
        }
        return true;
    }
}
