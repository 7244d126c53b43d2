/**
 * ipvs4j's real-kernel transports: the generic netlink family "IPVS", and rtnetlink for the host's
 * networking, through jnr-ffi. Exports nothing; {@link io.github.ipvs4j.Ipvs#open()} and
 * {@link io.github.ipvs4j.Host#open()} find them through the service loader.
 */
module io.github.ipvs4j.netlink {
    requires io.github.ipvs4j.api;
    requires org.jnrproject.ffi;
    requires org.jnrproject.constants;
    requires org.slf4j;

    // jnr-ffi is an automatic module and cannot declare that it needs ASM to generate its bindings;
    // without these, ASM's explicit modules would not be resolved on the module path.
    requires org.objectweb.asm;
    requires org.objectweb.asm.commons;
    requires org.objectweb.asm.tree;
    requires org.objectweb.asm.tree.analysis;
    requires org.objectweb.asm.util;

    // jnr-ffi implements Native.LibC in a class of its own (unnamed) module, which may only implement
    // the interface if its package is accessible at run time. Open (not exported): no compile-time API.
    opens io.github.ipvs4j.netlink;

    provides io.github.ipvs4j.spi.IpvsTransportProvider with io.github.ipvs4j.netlink.NetlinkTransportProvider;
    provides io.github.ipvs4j.spi.HostTransportProvider with io.github.ipvs4j.netlink.NetlinkHostTransportProvider;
}
