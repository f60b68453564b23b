package dev.physmem.flat;

/**
 * Receives the structure of a {@link DispatchTrie} in address order, for dumps such as
 * {@code info mtree -f -d}. Every method has an empty default.
 *
 * <p>Order: {@link #root}, then either one {@link #leaf} (the whole space is one leaf) or the root
 * node: {@link #enterNode}, its {@link DispatchTrie#SLOTS} slots in order, each a
 * {@link #slotLeaf} or a {@link #slotNode} followed by that node's own visit, then
 * {@link #exitNode}.
 */
public interface DispatchTrieVisitor {

    /**
     * What a leaf names: one range, or (for a subpage) the ranges that share a page.
     *
     * @param subpage the first address of the shared page, or null when this is one range
     * @param ranges the range, or the ranges meeting the subpage in address order
     */
    record Leaf(Long subpage, FlatRange[] ranges) {
    }

    /**
     * Called first.
     *
     * @param level the root node's level, or -1 when the root is a leaf
     * @param skip the levels the root skips ({@link DispatchTrie#LEVELS} − level; QEMU's root
     *        {@code skip})
     */
    default void root(int level, int skip) {
    }

    /** The root is a leaf; {@code leaf} is null when the view is empty. */
    default void leaf(DispatchTrieVisitor.Leaf leaf) {
    }

    /** A node of {@code level} begins. */
    default void enterNode(int level) {
    }

    /** Slot {@code slot} holds {@code leaf} (null: empty). */
    default void slotLeaf(int slot, DispatchTrieVisitor.Leaf leaf) {
    }

    /** Slot {@code slot} holds a node, visited next. */
    default void slotNode(int slot) {
    }

    /** The node of {@code level} ends. */
    default void exitNode(int level) {
    }
}
