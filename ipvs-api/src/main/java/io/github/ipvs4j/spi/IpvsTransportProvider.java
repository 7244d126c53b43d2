package io.github.ipvs4j.spi;

/**
 * Makes transports; found with {@link java.util.ServiceLoader}. {@link io.github.ipvs4j.Ipvs#open()}
 * takes the available provider with the highest {@link #priority()}, or the one named by the system
 * property {@value io.github.ipvs4j.Ipvs#TRANSPORT_PROPERTY}.
 */
public interface IpvsTransportProvider extends TransportProvider {

    /**
     * Opens a transport.
     *
     * @param options the namespace to manage and the request timeout
     * @return the open transport, which the caller closes
     * @throws io.github.ipvs4j.model.IpvsUnavailableException if the kernel side is missing (no IPVS)
     * @throws io.github.ipvs4j.model.IpvsException for other failures
     */
    IpvsTransport open(TransportOptions options);
}
