package dev.physmem.mtree;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an {@code info mtree -o -D} dump into blocks and builds each block's tree from the
 * indentation (FORMAT.md §3.1–§3.4). Lines may end with {@code \n} or the monitor's {@code \r\n}.
 *
 * <p>Rules checked: a block starts with one or more {@code address-space:} headers or exactly one
 * {@code memory-region:} header and has exactly one depth-0 line, which for a {@code memory-region:}
 * block prints the named region; each line is at most one level deeper than the line before it (a
 * dump with {@code -D} hides nothing); blocks are separated by empty lines.
 */
final class DumpParser {

    /**
     * The parsed dump.
     *
     * @param blocks the blocks in print order
     * @param nodes every region line in print order ({@code nodes.get(i).order == i})
     */
    record Dump(List<DumpBlock> blocks, List<DumpNode> nodes) {
    }

    private final List<DumpBlock> blocks = new ArrayList<>();
    private final List<DumpNode> nodes = new ArrayList<>();
    private DumpBlock block;
    private DumpNode previous;

    private DumpParser() {
    }

    /**
     * Parses the whole dump.
     *
     * @throws MtreeFormatException at the first line that breaks the grammar
     */
    static Dump parse(String dump) {
        DumpParser parser = new DumpParser();
        List<String> lines = dump.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            parser.line(i + 1, lines.get(i));
        }
        parser.endBlock();
        if (parser.blocks.stream().noneMatch(b -> b.kind == DumpBlock.Kind.ADDRESS_SPACE)) {
            String first = lines.isEmpty() ? "" : lines.getFirst();
            throw new MtreeFormatException(MtreeFormatException.Source.DUMP, 1, first,
                    "expected at least one address-space: block (the output of info mtree -o -D)");
        }
        return new Dump(List.copyOf(parser.blocks), List.copyOf(parser.nodes));
    }

    private void line(int number, String text) {
        if (text.isEmpty()) {
            endBlock();
        } else if (text.startsWith(DumpBlock.Kind.ADDRESS_SPACE.prefix)) {
            header(DumpBlock.Kind.ADDRESS_SPACE, number, text);
        } else if (text.startsWith(DumpBlock.Kind.MEMORY_REGION.prefix)) {
            header(DumpBlock.Kind.MEMORY_REGION, number, text);
        } else if (DumpLineParser.isRegionLine(text)) {
            region(DumpLineParser.parse(number, text));
        } else {
            throw error(number, text, "expected a region line, an address-space: or memory-region: header, "
                    + "or an empty line");
        }
    }

    private void header(DumpBlock.Kind kind, int number, String text) {
        if (block != null && (block.root != null || block.kind != kind || kind == DumpBlock.Kind.MEMORY_REGION)) {
            throw error(number, text, block.root != null
                    ? "expected an empty line before the next block's header"
                    : "expected the region lines of the " + block.kind.prefix.strip() + " block");
        }
        if (block == null) {
            block = new DumpBlock(kind);
        }
        block.headers.add(new DumpBlock.Header(text.substring(kind.prefix.length()), number, text));
    }

    private void region(DumpLine line) {
        if (block == null) {
            throw line.error("expected an address-space: or memory-region: header before the first region line");
        }
        DumpNode parent;
        if (block.root == null) {
            if (line.depth() != 0) {
                throw line.error("expected the block's first region at depth 0 (2 spaces)");
            }
            DumpBlock.Header header = block.headers.getFirst();
            if (block.kind == DumpBlock.Kind.MEMORY_REGION && !header.name().equals(line.name())) {
                throw line.error("expected the region named by its header, \"" + header.name() + "\"");
            }
            parent = null;
        } else {
            if (line.depth() == 0) {
                throw line.error("expected one depth-0 region per block (an empty line before a new block)");
            }
            if (line.depth() > previous.line.depth() + 1) {
                throw line.error("expected at most " + 2 * (previous.line.depth() + 2)
                        + " spaces of indentation (one level below line " + previous.line.number() + ")");
            }
            parent = previous;
            while (parent.line.depth() >= line.depth()) {
                parent = parent.parent;
            }
        }
        DumpNode node = new DumpNode(line, block, parent, nodes.size());
        nodes.add(node);
        if (parent == null) {
            block.root = node;
        } else {
            parent.children.add(node);
        }
        previous = node;
    }

    private void endBlock() {
        if (block == null) {
            return;
        }
        if (block.root == null) {
            DumpBlock.Header last = block.headers.getLast();
            throw last.error("expected region lines after the block's header");
        }
        blocks.add(block);
        block = null;
        previous = null;
    }

    private static MtreeFormatException error(int number, String text, String problem) {
        return new MtreeFormatException(MtreeFormatException.Source.DUMP, number, text, problem);
    }
}
