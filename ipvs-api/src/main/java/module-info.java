/**
 * ipvs4j's API: the typed model of IPVS, the {@link io.github.ipvs4j.Ipvs} entry point, the transport SPI
 * and the ipvsadm rules format.
 */
module io.github.ipvs4j.api {
    exports io.github.ipvs4j;
    exports io.github.ipvs4j.spi;
    exports io.github.ipvs4j.apply;
    exports io.github.ipvs4j.rules;

    uses io.github.ipvs4j.spi.IpvsTransportProvider;
}
