package io.github.ipvs4j.testkit;

/**
 * Names one connection made through {@link FakeKernel#connect(Client)}, for closing it or sending
 * more packets on it later. Handles of connections that were never created (no service, no real
 * server) or that have expired are accepted and ignored.
 */
public final class ConnectionHandle {
    private final long id;

    ConnectionHandle(long id) {
        this.id = id;
    }

    /**
     * The connection's number.
     *
     * @return a number unique within its fake kernel; 0 for a connection that was never created
     */
    public long id() {
        return id;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionHandle h && h.id == id;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return "connection#" + id;
    }
}
