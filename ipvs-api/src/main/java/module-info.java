/**
 * ipvs4j's API: the typed model of IPVS and the {@link io.github.ipvs4j.Ipvs} entry point, the host around it
 * ({@link io.github.ipvs4j.Host}: addresses, routes, settings) and its preflight, the transport SPIs and the
 * ipvsadm rules format.
 */
module io.github.ipvs4j.api {
    requires org.slf4j;

    exports io.github.ipvs4j;
    exports io.github.ipvs4j.model;
    exports io.github.ipvs4j.host;
    exports io.github.ipvs4j.spi;
    exports io.github.ipvs4j.apply;
    exports io.github.ipvs4j.rules;
    exports io.github.ipvs4j.preflight;

    // Helpers the other ipvs4j modules share; not API.
    exports io.github.ipvs4j.internal to io.github.ipvs4j.netlink, io.github.ipvs4j.testkit;

    uses io.github.ipvs4j.spi.IpvsTransportProvider;
    uses io.github.ipvs4j.spi.HostTransportProvider;
}
