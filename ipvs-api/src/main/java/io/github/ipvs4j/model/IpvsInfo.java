package io.github.ipvs4j.model;

/**
 * What the kernel says about its IPVS.
 *
 * @param versionCode the version as the kernel encodes it: {@code major << 16 | minor << 8 | patch}
 * @param connectionTableSize the size of the connection hash table
 */
public record IpvsInfo(int versionCode, int connectionTableSize) {
    /**
     * The version as text.
     *
     * @return major, minor and patch level of {@link #versionCode()} separated by dots, e.g. {@code 1.2.1}
     */
    public String version() {
        return ((versionCode >> 16) & 0xff) + "." + ((versionCode >> 8) & 0xff) + "." + (versionCode & 0xff);
    }
}
