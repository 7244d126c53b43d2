package io.github.ipvs4j.spi;

/**
 * Makes host transports; found with {@link java.util.ServiceLoader}. {@link io.github.ipvs4j.Host#open()}
 * chooses among them as {@link io.github.ipvs4j.Ipvs#open()} does among IPVS transports.
 */
public interface HostTransportProvider extends TransportProvider {
    /**
     * Opens a host transport.
     *
     * @param options the network namespace to work in and the request timeout
     * @return the open transport, which the caller closes
     * @throws io.github.ipvs4j.model.PermissionDeniedException if the namespace may not be entered
     * @throws io.github.ipvs4j.model.IpvsException for other failures, e.g. a namespace that does not exist
     */
    HostTransport open(TransportOptions options);
}
