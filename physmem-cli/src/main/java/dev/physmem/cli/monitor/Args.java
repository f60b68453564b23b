package dev.physmem.cli.monitor;

import java.util.Optional;

/**
 * A cursor over the text of a command's arguments, read the way QEMU's
 * {@code monitor_parse_arguments} reads them: character by character, so that {@code -fd} is one
 * flag followed by junk, and an expression ends where it cannot go on.
 *
 * <p>Every reader skips the whitespace before what it reads. A command reads its arguments in
 * order and calls {@link #end()} last, which rejects anything left over with QEMU's
 * {@code extraneous characters at the end of line}.
 *
 * <h2>Thread safety</h2>
 * None: one cursor per command line.
 */
final class Args {
    private final String text;
    private int pos;

    /** A cursor at the start of {@code text}. */
    Args(String text) {
        this.text = text;
    }

    /** The whole argument text. */
    String text() {
        return text;
    }

    /** Whether nothing but whitespace is left. */
    boolean atEnd() {
        skipSpaces();
        return pos >= text.length();
    }

    /**
     * Reads one flag of a command whose flags must come in a fixed order: QEMU's {@code '-'}
     * argument type. If the next word is {@code -flag}, it is consumed and this returns true. If
     * it is a flag that a later position accepts ({@code later}), it is left for that position.
     * Any other {@code -x} is an error.
     *
     * @param command the command's name, for the message
     * @param flag the flag letter this position accepts
     * @param later the flag letters accepted after this one, in order
     * @throws ArgumentException {@code CMD: unsupported option -x}
     */
    boolean flag(String command, char flag, String later) {
        int start = pos;
        skipSpaces();
        if (pos >= text.length() || text.charAt(pos) != '-') {
            pos = start;
            return false;
        }
        char c = pos + 1 < text.length() ? text.charAt(pos + 1) : '\0';
        if (c == flag) {
            pos += 2;
            return true;
        }
        if (c != '\0' && later.indexOf(c) >= 0 || c == '\0' && !later.isEmpty()) {
            pos = start;
            return false;
        }
        throw new ArgumentException(command + ": unsupported option -" + (c == '\0' ? "" : String.valueOf(c)));
    }

    /**
     * Reads an optional {@code /fmt} (QEMU's {@code '/'} argument type): the format parsed with
     * {@code defaults} for what it leaves out, or one unit in the defaults when there is none.
     *
     * @throws ArgumentException {@code invalid char in format: 'z'}
     */
    DumpFormat format(DumpFormat defaults) {
        skipSpaces();
        if (pos >= text.length() || text.charAt(pos) != '/') {
            return DumpFormat.withoutSpec(defaults);
        }
        int start = ++pos;
        while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        return DumpFormat.parse(text.substring(start, pos), defaults);
    }

    /**
     * Reads an expression (QEMU's {@code 'l'} argument type); see {@link Expression}.
     *
     * @throws ArgumentException with the evaluator's message
     */
    long expression() {
        Expression.Result r = Expression.parse(text, pos);
        pos = r.end();
        return r.value();
    }

    /**
     * Consumes the next word if it is exactly {@code keyword} (unquoted), and says whether it did.
     * For arguments that are either a keyword or an expression: {@code pam all rw}.
     */
    boolean keyword(String keyword) {
        skipSpaces();
        int end = pos + keyword.length();
        if (text.startsWith(keyword, pos) && (end == text.length() || Character.isWhitespace(text.charAt(end)))) {
            pos = end;
            return true;
        }
        return false;
    }

    /**
     * Reads a word: characters up to whitespace, where double or single quotes group characters
     * including whitespace and a backslash takes the next character as it is.
     *
     * @param what the argument's name, for the message when there is none
     * @throws ArgumentException {@code missing argument: WHAT} at the end of the line, or for an
     *     unterminated quote
     */
    String word(String what) {
        return optionalWord().orElseThrow(() -> new ArgumentException("missing argument: " + what));
    }

    /** Reads a word as {@link #word} does, or nothing at the end of the line. */
    Optional<String> optionalWord() {
        skipSpaces();
        if (pos >= text.length()) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder();
        char quote = 0;
        for (; pos < text.length(); pos++) {
            char c = text.charAt(pos);
            if (quote == 0 && Character.isWhitespace(c)) {
                break;
            }
            if (c == '\\' && pos + 1 < text.length()) {
                sb.append(text.charAt(++pos));
            } else if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            } else {
                sb.append(c);
            }
        }
        if (quote != 0) {
            throw new ArgumentException("unterminated " + quote + " in argument");
        }
        return Optional.of(sb.toString());
    }

    /**
     * The arguments in {@code text} with {@code option VALUE} taken out wherever it stands, so that
     * the positional arguments around it parse as if it were not there. This is physmem's extension
     * for {@code --as NAME}; QEMU's monitor has no such options.
     *
     * @param option the option word, e.g. {@code --as}
     * @param valueName the value's name, for the message when it is missing
     * @throws ArgumentException {@code missing argument: NAME} if the option ends the line, or
     *     {@code OPTION given twice}
     */
    static WithOption takeOption(String text, String option, String valueName) {
        Args scan = new Args(text);
        Optional<String> value = Optional.empty();
        String rest = text;
        while (!scan.atEnd()) {
            int wordStart = scan.pos;
            if (!scan.word(valueName).equals(option)) {
                continue;
            }
            if (value.isPresent()) {
                throw new ArgumentException(option + " given twice");
            }
            value = Optional.of(scan.word(valueName));
            rest = text.substring(0, wordStart) + " " + text.substring(scan.pos);
            scan = new Args(rest);
            scan.pos = wordStart;
        }
        return new WithOption(value, new Args(rest));
    }

    /**
     * Arguments with an option taken out.
     *
     * @param value the option's value, if it was given
     * @param rest the other arguments
     */
    record WithOption(Optional<String> value, Args rest) {
    }

    /**
     * Rejects anything left.
     *
     * @throws ArgumentException {@code extraneous characters at the end of line}
     */
    void end() {
        if (!atEnd()) {
            throw new ArgumentException("extraneous characters at the end of line");
        }
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }
}
