/**
 * ipvs4j's API: the typed model of IPVS, the {@link io.github.ipvs4j.Ipvs} entry point, the transport SPI
 * and the ipvsadm rules format.
 */
module io.github.ipvs4j.api {
    requires org.slf4j;

    exports io.github.ipvs4j;
    exports io.github.ipvs4j.model;
    exports io.github.ipvs4j.host;
    exports io.github.ipvs4j.spi;
    exports io.github.ipvs4j.apply;
    exports io.github.ipvs4j.rules;

    // Helpers the other ipvs4j modules share; not API.
    exports io.github.ipvs4j.internal to io.github.ipvs4j.netlink, io.github.ipvs4j.testkit;

    uses io.github.ipvs4j.spi.IpvsTransportProvider;
    uses io.github.ipvs4j.spi.HostTransportProvider;
}
