package dev.physmem.mtree;

import dev.physmem.region.Owner;
import java.util.Set;

/**
 * Parses one region line of an {@code info mtree -o -D} dump (FORMAT.md §3.4 and §3.7) into a
 * {@link DumpLine}, or says exactly what it expected.
 *
 * <p>The line is read from the left up to {@code "): "}; the rest is split from the right: the owner
 * suffix (the last {@code " owner:{"} or {@code " parent:{"}), then {@code " [disabled]"}, then, for a
 * body that starts with {@code "alias "} and contains {@code " @"}, the alias window
 * {@code " ASTART-AEND"}. Names may contain spaces; an alias's name and target are split at the first
 * {@code " @"} (no captured name contains one). A line may start with QEMU's
 * {@code "[DETECTED OVERFLOW!] "} warning, which is skipped.
 */
final class DumpLineParser {
    static final String OVERFLOW_WARNING = "[DETECTED OVERFLOW!] ";
    private static final Set<String> TYPES = Set.of("ram", "rom", "romd", "ramd", "i/o");
    private static final String[] OWNER_PREFIXES = {" owner:{", " parent:{"};
    private static final String DISABLED = " [disabled]";
    /** {@code " ASTART-AEND"}. */
    private static final int WINDOW_LENGTH = 34;

    private final int number;
    private final String text;
    private int pos;

    private DumpLineParser(int number, String text) {
        this.number = number;
        this.text = text;
    }

    /**
     * Parses {@code text}, line {@code number} of the dump.
     *
     * @throws MtreeFormatException if the line does not follow the grammar
     */
    static DumpLine parse(int number, String text) {
        return new DumpLineParser(number, text).parse();
    }

    /** True when {@code text} looks like a region line (indentation or overflow warning first). */
    static boolean isRegionLine(String text) {
        return text.startsWith(" ") || text.startsWith(OVERFLOW_WARNING);
    }

    private DumpLine parse() {
        if (text.startsWith(OVERFLOW_WARNING)) {
            pos = OVERFLOW_WARNING.length();
        }
        int depth = indentation();
        String ref = text.substring(pos);
        long start = hex("START");
        expect("-", "'-' between START and END");
        long end = hex("END");
        expect(" (prio ", "\" (prio \" after END");
        int priority = priority();
        expect(", ", "\", \" after the priority");
        int close = text.indexOf("): ", pos);
        if (close < 0) {
            throw error("\"): \" after TYPE", text.substring(pos));
        }
        String type = text.substring(pos, close);
        boolean nonvolatile = type.startsWith("nv-");
        if (nonvolatile) {
            type = type.substring(3);
        }
        if (!TYPES.contains(type)) {
            throw error("TYPE ram, rom, romd, ramd or i/o, optionally with prefix nv-", text.substring(pos, close));
        }
        pos = close + 3;
        return body(depth, start, end, priority, nonvolatile, type, ref);
    }

    private DumpLine body(int depth, long start, long end, int priority, boolean nv, String type, String ref) {
        String rest = text.substring(pos);
        int ownerAt = -1;
        for (String prefix : OWNER_PREFIXES) {
            ownerAt = Math.max(ownerAt, rest.lastIndexOf(prefix));
        }
        if (ownerAt < 0) {
            throw error("an owner suffix owner:{...} or parent:{...} (the dump must be info mtree -o -D)", rest);
        }
        Owner owner = owner(rest.substring(ownerAt + 1));
        String body = rest.substring(0, ownerAt);
        boolean disabled = body.endsWith(DISABLED);
        if (disabled) {
            body = body.substring(0, body.length() - DISABLED.length());
        }
        if (!body.startsWith("alias ") || !body.contains(" @")) {
            return new DumpLine(number, text, depth, start, end, priority, nv, type, body, null, disabled, owner, ref);
        }
        if (body.length() < "alias ".length() + " @".length() + WINDOW_LENGTH) {
            throw error("alias NAME @TARGET ASTART-AEND", body);
        }
        String names = body.substring("alias ".length(), body.length() - WINDOW_LENGTH);
        int at = names.indexOf(" @");
        if (at < 0) {
            throw error("alias NAME @TARGET ASTART-AEND", body);
        }
        String window = body.substring(body.length() - WINDOW_LENGTH);
        if (window.charAt(0) != ' ' || window.charAt(17) != '-') {
            throw error("\" ASTART-AEND\" (two 16-digit hex numbers) at the end of the alias", window);
        }
        long aliasStart = parseHex(window.substring(1, 17), "ASTART");
        long aliasEnd = parseHex(window.substring(18), "AEND");
        if (aliasEnd - aliasStart != end - start) {
            throw error("an alias window ASTART-AEND as long as START-END", window.substring(1));
        }
        var alias = new DumpLine.Alias(names.substring(at + 2), aliasStart);
        return new DumpLine(number, text, depth, start, end, priority, nv, type, names.substring(0, at), alias,
                disabled, owner, ref);
    }

    private int indentation() {
        int spaces = 0;
        while (pos + spaces < text.length() && text.charAt(pos + spaces) == ' ') {
            spaces++;
        }
        if (spaces < 2 || spaces % 2 != 0) {
            throw error("an indentation of 2, 4, 6, ... spaces", spaces + " spaces");
        }
        pos += spaces;
        return spaces / 2 - 1;
    }

    private long hex(String what) {
        if (pos + 16 > text.length()) {
            throw error("16 lowercase hex digits (" + what + ")", text.substring(pos));
        }
        long value = parseHex(text.substring(pos, pos + 16), what);
        pos += 16;
        return value;
    }

    private long parseHex(String digits, String what) {
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                throw error("16 lowercase hex digits (" + what + ")", digits);
            }
        }
        return Long.parseUnsignedLong(digits, 16);
    }

    private int priority() {
        int from = pos;
        if (pos < text.length() && text.charAt(pos) == '-') {
            pos++;
        }
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        try {
            return Integer.parseInt(text.substring(from, pos));
        } catch (NumberFormatException e) {
            int stop = text.indexOf(',', from);
            throw error("a signed decimal priority", text.substring(from, stop < 0 ? text.length() : stop));
        }
    }

    private Owner owner(String suffix) {
        Owner owner;
        try {
            owner = Owner.parse(suffix);
        } catch (IllegalArgumentException e) {
            owner = null;
        }
        if (owner == null) {
            throw error("owner:{dev id=ID}, owner:{dev path=PATH}, owner:{obj path=PATH} or parent:{obj path=PATH}",
                    suffix);
        }
        return owner;
    }

    private void expect(String literal, String what) {
        if (!text.startsWith(literal, pos)) {
            throw error(what, text.substring(pos, Math.min(text.length(), pos + literal.length())));
        }
        pos += literal.length();
    }

    private MtreeFormatException error(String expected, String found) {
        return new MtreeFormatException(MtreeFormatException.Source.DUMP, number, text,
                "expected " + expected + " but found \"" + found + "\"");
    }
}
