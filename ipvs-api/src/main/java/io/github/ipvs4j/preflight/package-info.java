/**
 * Preflight: whether a host is ready to be an LVS director or real server, and what to change if not.
 * {@link io.github.ipvs4j.preflight.Preflight} says what the host should be (role, forwarding method,
 * VIPs, for a director its table); {@link io.github.ipvs4j.preflight.HostState} is what a host is;
 * the findings are a pure function of the two, like {@code apply.Planner} is of two tables, and each
 * names the setting or address, the value found, the value needed, why, and the change that fixes it.
 */
package io.github.ipvs4j.preflight;
