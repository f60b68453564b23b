package dev.physmem.flat;

import java.util.List;

/**
 * Receives the structure of a {@link DispatchTrie} in address order, for dumps such as
 * {@code info mtree -f -d}. Every method has an empty default.
 *
 * <p>Order: {@link #root} first. If the root is a leaf, one slot callback with slot -1 follows.
 * Otherwise the root node is visited: {@link #enterNode}, then its {@link DispatchTrie#SLOTS}
 * slots in order, each one of {@link #slotEmpty}, {@link #slotRange}, {@link #slotSubpage}, or
 * {@link #slotNode} immediately followed by the visit of that child node, and finally
 * {@link #exitNode}. Nodes are thus met in preorder.
 */
public interface DispatchTrieVisitor {

    /**
     * Called first.
     *
     * @param level the root node's level (0 indexes address bits 12 and up), or -1 when the root
     *        is a leaf
     * @param skip the levels above the root that lookups skip ({@link DispatchTrie#LEVELS} −
     *        level for a node, 0 for a leaf); QEMU's root {@code skip}
     */
    default void root(int level, int skip) {
    }

    /** A node of {@code level} begins. */
    default void enterNode(int level) {
    }

    /** The node of {@code level} ends. */
    default void exitNode(int level) {
    }

    /** Slot {@code slot} leads to no range. */
    default void slotEmpty(int slot) {
    }

    /** Slot {@code slot} holds {@code range}; the lookup checks that the range contains the address. */
    default void slotRange(int slot, FlatRange range) {
    }

    /**
     * Slot {@code slot} holds the subpage of the page at {@code pageAddress}, which the
     * {@code ranges} (in address order, at least two) share.
     */
    default void slotSubpage(int slot, long pageAddress, List<FlatRange> ranges) {
    }

    /** Slot {@code slot} holds a node one level down, visited next. */
    default void slotNode(int slot) {
    }
}
