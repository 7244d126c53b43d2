package io.github.ipvs4j.apply;

import io.github.ipvs4j.model.Change;
import java.util.List;

/**
 * The changes that make the kernel's table match a desired state, in the order they are applied:
 * services created and edited, then real servers added and edited (including drains to weight 0),
 * then real servers removed, then services deleted. Edits are made in place, never by deleting and
 * recreating.
 *
 * @param changes the changes, in order
 * @param draining real servers held at weight 0 that are not yet removable
 */
public record Plan(List<Change> changes, List<Draining> draining) {
    /** Freezes the lists. */
    public Plan {
        changes = List.copyOf(changes);
        draining = List.copyOf(draining);
    }

    /** True if there is nothing to change. */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** The number of changes. */
    public int size() {
        return changes.size();
    }

    /** Phase of a change in application order: 0 services, 1 real servers, 2 removals, 3 deletions. */
    static int phase(Change change) {
        if (change instanceof Change.CreateService || change instanceof Change.UpdateService) {
            return 0;
        }
        if (change instanceof Change.CreateRealServer || change instanceof Change.UpdateRealServer) {
            return 1;
        }
        if (change instanceof Change.RemoveRealServer) {
            return 2;
        }
        return 3;
    }
}
