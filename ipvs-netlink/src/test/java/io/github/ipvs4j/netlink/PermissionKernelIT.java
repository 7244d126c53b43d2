package io.github.ipvs4j.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Without CAP_NET_ADMIN the kernel answers EPERM to every IPVS request, reads included: a child JVM
 * run as nobody ({@code setpriv}) reports PermissionDeniedException with the capability hint.
 */
class PermissionKernelIT extends KernelSupport {
    private static final String JVM_CRASH = "A fatal error has been detected by the Java Runtime Environment";

    @Test
    void everyRequestIsRefusedWithoutCapNetAdmin() {
        Result r = runAsNobody(PermissionProbe.class);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output())
                .contains("list services: PermissionDeniedException errno 1")
                .contains("create service: PermissionDeniedException errno 1")
                .contains("info: PermissionDeniedException errno 1")
                .contains("CAP_NET_ADMIN")
                .contains("list real servers: PermissionDeniedException errno 1: list real servers TCP 192.0.2.1:1:")
                .contains("list real servers of 100 services: PermissionDeniedException errno 1: list real servers"
                        + " TCP 192.0.2.1:1: permission denied");
    }

    /**
     * Runs {@code main} in a child JVM as nobody, without capabilities ({@code setpriv}), on a
     * world-readable copy of this class path.
     */
    static Result runAsNobody(Class<?> main) {
        String classPath = readableCopyOfClassPath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String probe = "setpriv --reuid=65534 --regid=65534 --clear-groups " + java + " -cp " + classPath + " "
                + main.getName();
        Result r = shell(probe);
        // Under TCG a JVM now and then dies of a fault in its own compiled code, whatever it runs (the
        // harness reruns the test JVM for the same reason, guest/guest.sh): only such a crash is retried.
        for (int attempt = 2; attempt <= 3 && r.output().contains(JVM_CRASH); attempt++) {
            System.err.println("the probe's JVM crashed (attempt " + (attempt - 1) + " of 3); running it again");
            r = shell(probe);
        }
        return r;
    }

    /** Nobody cannot read /root/.m2: copy the class path to a world-readable place. */
    private static String readableCopyOfClassPath() {
        Set<String> entries = new LinkedHashSet<>();
        ClassLoader loader = PermissionKernelIT.class.getClassLoader();
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (URISyntaxException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(e);
        }
        StringBuilder cp = new StringBuilder();
        int i = 0;
        sh("rm -rf /tmp/ipvs4j-cp && mkdir -p /tmp/ipvs4j-cp");
        for (String e : entries) {
            String target = "/tmp/ipvs4j-cp/" + (i++) + (e.endsWith(".jar") ? ".jar" : "");
            sh("cp -r '" + e + "' " + target);
            cp.append(cp.length() > 0 ? ":" : "").append(target);
        }
        sh("chmod -R a+rX /tmp/ipvs4j-cp");
        return cp.toString();
    }
}
