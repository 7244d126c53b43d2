package io.github.ipvs4j.netlink;

import io.github.ipvs4j.model.IpvsException;

/**
 * A netlink message from the kernel could not be decoded: a truncated header, a length that points
 * outside its buffer, or a missing or mis-sized attribute. Never a hang nor an unchecked crash: decoders
 * throw this instead.
 */
final class MalformedMessageException extends IpvsException {
    private static final long serialVersionUID = 1L;

    MalformedMessageException(String message) {
        super("malformed netlink message: " + message, null);
    }
}
