package io.github.ipvs4j.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.internal.Errno;
import io.github.ipvs4j.model.IpvsUnavailableException;
import io.github.ipvs4j.spi.TransportOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Runs on the build host, whose kernel has generic netlink but no IPVS: the provider is available
 * (native netlink works through jnr-ffi) and opening a transport says the kernel lacks IPVS.
 */
class NetlinkTransportProviderTest {

    @Test
    void ipvsOpenFindsTheProviderThroughTheServiceLoader() {
        if (Files.exists(Path.of("/proc/net/ip_vs"))) {
            return; // this kernel has IPVS: the kernel tests cover it
        }
        // The netlink provider, not "no transport on the class path", answers.
        assertThatThrownBy(Ipvs::open).isInstanceOf(IpvsUnavailableException.class)
                .hasMessageContaining("generic netlink family \"IPVS\"");
    }

    @Test
    void isAvailableOnLinuxWithANativeNetlinkSocket() {
        NetlinkTransportProvider provider = new NetlinkTransportProvider();
        assertThat(provider.name()).isEqualTo("netlink");
        assertThat(provider.priority()).isEqualTo(5);
        assertThat(provider.isAvailable()).as(provider.unavailableReason()).isTrue();
        assertThat(provider.unavailableReason()).isEmpty();
    }

    @Test
    void openingWithoutIpvsInTheKernelSaysSo() {
        if (Files.exists(Path.of("/proc/net/ip_vs"))) {
            return; // this kernel has IPVS: the kernel tests cover it
        }
        assertThatThrownBy(() -> new NetlinkTransportProvider().open(TransportOptions.DEFAULTS))
                .isInstanceOf(IpvsUnavailableException.class)
                .hasMessageContaining("no IPVS")
                .hasMessageContaining("ip_vs")
                .satisfies(e -> assertThat(((IpvsUnavailableException) e).errno()).isEqualTo(Errno.ENOENT));
    }

    @Test
    void aMissingNamespaceIsReportedWithItsPath() {
        assertThatThrownBy(() -> new NetlinkTransportProvider().open(
                TransportOptions.DEFAULTS.withNetworkNamespace("/run/netns/ipvs4j-does-not-exist")))
                .hasMessageContaining("/run/netns/ipvs4j-does-not-exist");
    }
}
