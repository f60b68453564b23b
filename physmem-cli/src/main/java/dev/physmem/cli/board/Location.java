package dev.physmem.cli.board;

import java.util.Objects;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * A place in a board file, as an editor shows it: 1-based line and column.
 *
 * @param source the file name (or the name given to text loaded from memory)
 * @param line 1-based line number
 * @param column 1-based column number
 */
record Location(String source, int line, int column) {

    Location {
        Objects.requireNonNull(source, "source");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column are 1-based: line=" + line + " column=" + column);
        }
    }

    /** Where {@code node} starts. */
    static Location of(String source, Node node) {
        return of(source, node.getStartMark());
    }

    /** The place SnakeYAML's 0-based {@code mark} names; the start of the file if there is no mark. */
    static Location of(String source, Mark mark) {
        return mark == null ? new Location(source, 1, 1) : new Location(source, mark.getLine() + 1, mark.getColumn() + 1);
    }

    /** {@code source:line:column}, the prefix of every board error. */
    @Override
    public String toString() {
        return source + ":" + line + ":" + column;
    }
}
