package io.github.ipvs4j.host;

import io.github.ipvs4j.model.IpvsOperation;
import io.github.ipvs4j.model.NotFoundException;

/** The host has no interface of the given name (ENODEV). */
public class InterfaceNotFoundException extends NotFoundException {
    private static final long serialVersionUID = 1L;

    /** The interface that was not found. */
    private final String interfaceName;

    /**
     * Creates the exception.
     *
     * @param message the message, naming the interface and the operation
     * @param errno the errno (ENODEV), or 0 if found missing before asking the kernel
     * @param operation what was being done
     * @param interfaceName the missing interface
     */
    public InterfaceNotFoundException(String message, int errno, IpvsOperation operation, String interfaceName) {
        super(message, errno, operation, null, null);
        this.interfaceName = interfaceName;
    }

    /**
     * The interface that was not found.
     *
     * @return its name
     */
    public String interfaceName() {
        return interfaceName;
    }
}
