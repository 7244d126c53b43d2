/**
 * The host around IPVS: interfaces ({@link io.github.ipvs4j.host.Link}), their addresses
 * ({@link io.github.ipvs4j.host.InterfaceAddress}), route lookups ({@link io.github.ipvs4j.host.Route}),
 * kernel settings ({@link io.github.ipvs4j.host.Sysctl}, {@link io.github.ipvs4j.host.Setting}) and the
 * changes a program makes to them ({@link io.github.ipvs4j.host.HostChange}). Values only: the entry
 * point is {@link io.github.ipvs4j.Host}; the checks of a director or real server are in
 * {@code io.github.ipvs4j.preflight}.
 */
package io.github.ipvs4j.host;
