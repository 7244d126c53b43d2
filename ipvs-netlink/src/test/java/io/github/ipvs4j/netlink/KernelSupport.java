package io.github.ipvs4j.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ipvs4j.Ipvs;
import io.github.ipvs4j.spi.TransportOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the real-kernel tests (run as root inside the qemu guest): one transport per class, the table
 * flushed before and after each test, shell helpers for ipvsadm and ip, and raw requests for what the
 * model refuses to build.
 */
abstract class KernelSupport {
    static NetlinkTransport transport;
    static Ipvs ipvs;

    @BeforeAll
    static void openTransport() {
        transport = NetlinkTransport.open(TransportOptions.DEFAULTS);
        ipvs = Ipvs.using(transport);
        // DR destinations need a route: give dummy0 addresses in the real servers' subnets.
        sh("ip link set dummy0 up && (ip addr add 198.51.100.254/24 dev dummy0 || true)"
                + " && (ip -6 addr add 2001:db8:1::fe/64 dev dummy0 nodad || true)");
    }

    @AfterAll
    static void closeTransport() {
        if (ipvs != null) {
            ipvs.flush();
            ipvs.close();
        }
    }

    @BeforeEach
    @AfterEach
    void cleanTable() {
        transport.flush();
        assertThat(transport.listServiceStatus()).isEmpty();
    }

    /** Runs a shell command in the guest; returns its output; fails the test on a non-zero exit. */
    static String sh(String command) {
        Result r = shell(command);
        assertThat(r.exit()).as("`%s` exited with %d: %s", command, r.exit(), r.output()).isZero();
        return r.output();
    }

    /** Runs a shell command in the guest and returns its exit status and combined output. */
    static Result shell(String command) {
        try {
            Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("`" + command + "` did not finish in 60 s");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new AssertionError("cannot run `" + command + "`", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    record Result(int exit, String output) {
    }

    /** The harness's network helper, guest/netns.sh, found from the working directory upwards. */
    static Path netnsScript() {
        String fixed = System.getProperty("ipvs4j.netns");
        if (fixed != null) {
            return Path.of(fixed);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("guest/netns.sh");
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new AssertionError("guest/netns.sh not found above " + Path.of("").toAbsolutePath());
    }

    /**
     * Sends one raw IPVS request (bypassing the model's validation) and returns the kernel's errno,
     * 0 for success. For facts about what the kernel itself accepts.
     */
    static int rawErrno(int command, Consumer<MessageWriter> body) {
        List<Integer> result = new ArrayList<>();
        try (NetlinkSocket s = NetlinkSocket.open(NetlinkSocket.smallDatagrams())) {
            MessageWriter w = new MessageWriter(256);
            int seq = s.nextSeq();
            int start = w.beginMessage(familyId(s), Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, seq, s.portId());
            w.genlHeader(command, IpvsNetlink.FAMILY_VERSION);
            body.accept(w);
            w.endMessage(start);
            try {
                s.call(w, seq, 10_000_000_000L, m -> { });
                result.add(0);
            } catch (KernelError e) {
                result.add(e.errno());
            }
        }
        return result.get(0);
    }

    static int familyId(NetlinkSocket s) {
        MessageWriter w = new MessageWriter(64);
        int seq = s.nextSeq();
        int start = w.beginMessage(Netlink.GENL_ID_CTRL, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, seq, s.portId());
        w.genlHeader(Netlink.CTRL_CMD_GETFAMILY, 1);
        w.putString(Netlink.CTRL_ATTR_FAMILY_NAME, IpvsNetlink.FAMILY_NAME);
        w.endMessage(start);
        List<Integer> id = new ArrayList<>();
        s.call(w, seq, 10_000_000_000L,
                m -> id.add(m.genlAttributes("f").u16(Netlink.CTRL_ATTR_FAMILY_ID)));
        return id.get(0);
    }
}
