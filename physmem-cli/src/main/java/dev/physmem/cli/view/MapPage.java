package dev.physmem.cli.view;

import dev.physmem.MemorySystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code physmem view} page: one self-contained HTML document that draws each flat view of a
 * memory system as a zoomable address bar, coloured by kind, beside the region trees of the
 * address spaces on it. Hovering a range shows what {@code explain} says about its first
 * address; clicking a tree node zooms the bar to that region.
 *
 * {@snippet :
 * MemorySystem system = new MemorySystem();
 * PcMachine.build(system, 512L << 20);
 * Files.writeString(Path.of("pc.html"), MapPage.render(system, "pc, 512 MiB"));
 * }
 *
 * <h2>Characteristics</h2>
 * The page fetches nothing: styles, script and data are inline, and it contains no URL at all.
 * Its Content-Security-Policy allows only its own style and script (by SHA-256 hash), so even
 * markup smuggled in through a region name could neither run nor load anything; and it cannot be
 * smuggled in, because every name reaches the page as escaped JSON that the script puts into the
 * document as text. The page is pure ASCII.
 *
 * <h2>Thread safety</h2>
 * Stateless. {@link #render} reads the system under its topology lock.
 */
public final class MapPage {
    private static final String TEMPLATE = "map-page.html";
    private static final String STYLE = "map-page.css";
    private static final String SCRIPT = "map-page.js";

    private MapPage() {
    }

    /** The page for {@code system}'s current topology, with {@code title} as its title and heading. */
    public static String render(MemorySystem system, String title) {
        return render(MapModelBuilder.build(system, title));
    }

    /**
     * Renders the page to {@code file} (UTF-8; the content is ASCII).
     *
     * @throws IOException if the file cannot be written
     */
    public static void write(MemorySystem system, String title, Path file) throws IOException {
        Files.writeString(file, render(system, title), StandardCharsets.UTF_8);
    }

    /** The page for an already built model. */
    static String render(MapModel model) {
        String style = PageTemplate.resource(STYLE);
        String script = PageTemplate.resource(SCRIPT);
        requireNoEndTag(STYLE, style, "</style");
        requireNoEndTag(SCRIPT, script, "</script");
        String policy = "default-src 'none'; style-src '" + sha256(style) + "'; script-src '" + sha256(script)
                + "'; base-uri 'none'; form-action 'none'";
        return PageTemplate.of(PageTemplate.resource(TEMPLATE)).fill(Map.of(
                "policy", policy,
                "title", Html.text(model.title()),
                "style", style,
                "data", Json.write(model),
                "script", script));
    }

    /** The CSP source expression ({@code sha256-BASE64}) that allows inline element text {@code text}. */
    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void requireNoEndTag(String name, String text, String endTag) {
        if (text.toLowerCase(Locale.ROOT).contains(endTag)) {
            throw new IllegalStateException("inline resource would end its own element: name=" + name
                    + " endTag=" + endTag);
        }
    }
}
