package dev.physmem.cli.board;

import java.util.Objects;

/**
 * A board file that cannot be loaded: bad YAML, an unknown or missing field, a value of the wrong
 * type, a reference that names no region, a region mapped twice, an alias cycle. The message
 * names the place and the field and says what was expected:
 * {@snippet lang=text :
 * board.yaml:12:7: field 'size': expected a size like 0x1000 or 4K, got 'big'
 * }
 * Line and column are 1-based. Nothing of the board has been built when this is thrown.
 */
public final class BoardFormatException extends Exception {
    private final String source;
    private final int line;
    private final int column;
    private final String field;
    private final String problem;

    BoardFormatException(Location where, String field, String problem) {
        this(where, field, problem, null);
    }

    BoardFormatException(Location where, String field, String problem, Throwable cause) {
        super(format(where, field, problem), cause);
        this.source = where.source();
        this.line = where.line();
        this.column = where.column();
        this.field = field;
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    private static String format(Location where, String field, String problem) {
        return field == null ? where + ": " + problem : where + ": field '" + field + "': " + problem;
    }

    /** The board file's name as given to the loader. */
    public String source() {
        return source;
    }

    /** 1-based line of the offending text. */
    public int line() {
        return line;
    }

    /** 1-based column of the offending text. */
    public int column() {
        return column;
    }

    /** The field at fault (dotted for nested fields, such as {@code valid.max}), or null when none is. */
    public String field() {
        return field;
    }

    /** What is wrong and what was expected, without the place. */
    public String problem() {
        return problem;
    }
}
