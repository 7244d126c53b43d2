package io.github.ipvs4j.host;

import io.github.ipvs4j.model.InvalidConfigurationException;
import java.util.Objects;

/** The kernel's rule for interface names ({@code dev_valid_name}), shared by the host model. */
final class InterfaceNames {
    /** What a valid name is, for messages. */
    static final String ALLOWED = "1..15 characters, not \".\" or \"..\", without '/', ':' or white space";

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

    static boolean valid(String name) {
        if (name.isEmpty() || name.length() > 15 || name.equals(".") || name.equals("..")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == ':' || Character.isWhitespace(c) || c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
