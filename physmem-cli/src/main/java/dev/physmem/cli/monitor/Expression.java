package dev.physmem.cli.monitor;

/**
 * QEMU's HMP expression evaluator: the grammar the monitor accepts wherever a command takes a
 * number (an address, a value). QEMU counterpart: {@code get_expr} and {@code expr_sum} in
 * monitor/hmp.c.
 *
 * <h2>Grammar</h2>
 * Lowest precedence first; operators of one level associate to the left; whitespace may follow
 * any token. Arithmetic is 64-bit two's complement.
 * <pre>
 * sum   := logic (('+' | '-') logic)*
 * logic := prod  (('&amp;' | '|' | '^') prod)*
 * prod  := unary (('*' | '/' | '%') unary)*
 * unary := ('+' | '-' | '~') unary | '(' sum ')' | "'" CHAR "'" | '$' REGISTER | NUMBER
 * </pre>
 * A NUMBER is read as C's {@code strtoull(s, &end, 0)} reads it: {@code 0x} hexadecimal, a
 * leading {@code 0} octal, else decimal. So {@code 010} is 8, as in QEMU. Registers are parsed
 * but refused: physmem models no CPU state.
 *
 * <p>The evaluator stops at the first character that cannot continue the expression, so the
 * caller can read further arguments after it ({@code stl 0x1000 0x12}).
 * {@snippet :
 * Expression.Result r = Expression.parse("0xf0000 + 0xfff0 junk", 0);
 * // r.value() == 0xffff0, r.end() == 16 (at "junk")
 * }
 */
final class Expression {
    private final String text;
    private int pos;

    /**
     * A parsed expression.
     *
     * @param value the value, as an unsigned or two's complement 64-bit number
     * @param end the index in the text just after the expression and the whitespace after it
     */
    record Result(long value, int end) {
    }

    private Expression(String text, int pos) {
        this.text = text;
        this.pos = pos;
    }

    /**
     * Evaluates the expression that starts at {@code from} (after optional whitespace).
     *
     * @throws ArgumentException with QEMU's message ({@code unexpected end of expression},
     *     {@code invalid char 'x' in expression}, {@code division by zero}, ...)
     */
    static Result parse(String text, int from) {
        Expression e = new Expression(text, from);
        e.skipSpaces();
        long value = e.sum();
        return new Result(value, e.pos);
    }

    private long sum() {
        long value = logic();
        for (char op = peek(); op == '+' || op == '-'; op = peek()) {
            next();
            long rhs = logic();
            value = op == '+' ? value + rhs : value - rhs;
        }
        return value;
    }

    private long logic() {
        long value = product();
        for (char op = peek(); op == '&' || op == '|' || op == '^'; op = peek()) {
            next();
            long rhs = product();
            value = switch (op) {
                case '&' -> value & rhs;
                case '|' -> value | rhs;
                default -> value ^ rhs;
            };
        }
        return value;
    }

    private long product() {
        long value = unary();
        for (char op = peek(); op == '*' || op == '/' || op == '%'; op = peek()) {
            next();
            long rhs = unary();
            if (op == '*') {
                value *= rhs;
            } else if (rhs == 0) {
                throw new ArgumentException("division by zero");
            } else {
                value = op == '/' ? value / rhs : value % rhs;
            }
        }
        return value;
    }

    private long unary() {
        char c = peek();
        switch (c) {
            case '+' -> {
                next();
                return unary();
            }
            case '-' -> {
                next();
                return -unary();
            }
            case '~' -> {
                next();
                return ~unary();
            }
            case '(' -> {
                next();
                long value = sum();
                if (peek() != ')') {
                    throw new ArgumentException("')' expected");
                }
                next();
                return value;
            }
            case '\'' -> {
                return character();
            }
            case '$' -> {
                return register();
            }
            case '\0' -> throw new ArgumentException("unexpected end of expression");
            default -> {
                return number();
            }
        }
    }

    private long character() {
        pos++;
        if (peek() == '\0') {
            throw new ArgumentException("character constant expected");
        }
        long value = text.charAt(pos++);
        if (peek() != '\'') {
            throw new ArgumentException("missing terminating ' character");
        }
        next();
        return value;
    }

    private long register() {
        int start = ++pos;
        while (pos < text.length() && isRegisterChar(text.charAt(pos))) {
            pos++;
        }
        String name = text.substring(start, pos);
        skipSpaces();
        throw new ArgumentException("unknown register '$" + name + "': physmem models no CPU state");
    }

    private static boolean isRegisterChar(char c) {
        return Character.isLetterOrDigit(c) && c < 0x80 || c == '_' || c == '.';
    }

    /** A number as {@code strtoull(text, &end, 0)} reads it. */
    private long number() {
        int radix = 10;
        int start = pos;
        if (text.startsWith("0x", pos) || text.startsWith("0X", pos)) {
            if (pos + 2 < text.length() && Character.digit(text.charAt(pos + 2), 16) >= 0) {
                radix = 16;
                start = pos + 2;
            }
        } else if (peek() == '0') {
            radix = 8;
        }
        int end = start;
        while (end < text.length() && Character.digit(text.charAt(end), radix) >= 0 && text.charAt(end) < 0x80) {
            end++;
        }
        if (end == pos) {
            throw new ArgumentException("invalid char '" + peek() + "' in expression");
        }
        long value;
        try {
            value = Long.parseUnsignedLong(text, start, end, radix);
        } catch (NumberFormatException e) {
            throw new ArgumentException("number too large");
        }
        pos = end;
        skipSpaces();
        return value;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    /** Consumes one character and the whitespace after it. QEMU: {@code next()}. */
    private void next() {
        pos++;
        skipSpaces();
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }
}
