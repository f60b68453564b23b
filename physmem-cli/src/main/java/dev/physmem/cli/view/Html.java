package dev.physmem.cli.view;

/** Escapes text for HTML element content and quoted attribute values. */
final class Html {
    private Html() {
    }

    /**
     * {@code s} with {@code & < > " '} and every character outside printable ASCII written as
     * character references, so that it reads back as the same text and the result is ASCII.
     */
    static String text(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if ((cp < 0x20 && cp != '\t') || cp > 0x7e) {
                        out.append("&#x").append(Integer.toHexString(cp)).append(';');
                    } else {
                        out.append((char) cp);
                    }
                }
            }
        });
        return out.toString();
    }
}
