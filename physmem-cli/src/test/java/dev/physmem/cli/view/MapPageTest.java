package dev.physmem.cli.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.flat.FlatRange;
import dev.physmem.models.x86.PcMachine;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.space.AddressSpace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapPageTest {
    private static final String EVIL = "</script><script>alert(\"pwned\")</script><!--";

    private final MemorySystem system = new MemorySystem();

    MapPageTest() {
        PcMachine.build(system, 512L << 20);
    }

    @Test
    void pageHoldsEveryAddressSpaceAndEveryRange() {
        String html = MapPage.render(system, "pc");

        for (AddressSpace as : system.addressSpaces()) {
            assertThat(html).contains(Json.write(as.name()));
            for (FlatRange r : as.view().ranges()) {
                assertThat(html).contains("{\"start\":\"" + Hex.of(r.start()) + "\",\"last\":\"" + Hex.of(r.last())
                        + "\",\"region\":" + Json.write(r.region().name()) + ",");
            }
        }
        assertThat(html).contains("\"region\":\"rtc\",");
    }

    @Test
    void regionNameWithAScriptEndTagCannotInjectMarkup() {
        ContainerRegion root = system.initContainer(null, "root", MemoryRegion.SIZE_2_64);
        root.addSubregion(0, system.initRam(null, EVIL, 0x1000));
        system.addressSpace(root, EVIL);

        String html = MapPage.render(system, "pc");

        assertThat(count(html.toLowerCase(), "<script")).as("the data block and the script only").isEqualTo(2);
        assertThat(count(html.toLowerCase(), "</script")).isEqualTo(2);
        assertThat(html).doesNotContain("alert(\"pwned\")").doesNotContain("<!--")
                .contains("\\u003c/script\\u003e\\u003cscript\\u003ealert(\\\"pwned\\\")");
    }

    @Test
    void titleIsEscapedForHtml() {
        String html = MapPage.render(system, EVIL);

        assertThat(html).doesNotContain(EVIL)
                .contains("<title>&lt;/script&gt;&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;&lt;!--</title>");
    }

    @Test
    void pageReferencesNothingOutsideItself() {
        String html = MapPage.render(system, "pc").toLowerCase();

        assertThat(html).doesNotContain("http:", "https:", "ftp:", "file:", "//www", "src=", "href=", "url(", "@import",
                "<link", "<iframe", "<object", "<embed", "<img", "fetch(", "xmlhttprequest", "import(", "websocket",
                "eventsource", "sendbeacon");
        assertThat(html).contains("content=\"default-src 'none';");
    }

    @Test
    void policyAllowsExactlyTheInlineStyleAndScript() throws NoSuchAlgorithmException {
        String html = MapPage.render(system, "pc");

        String policy = group(html, "http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\"");
        assertThat(policy)
                .contains("style-src '" + sha256(group(html, "<style>(.*?)</style>")) + "'")
                .contains("script-src '" + sha256(group(html, "<script>(.*?)</script>")) + "'")
                .doesNotContain("unsafe");
    }

    @Test
    void pageIsAscii() {
        ContainerRegion root = system.initContainer(null, "r\u00e9gion \u2028 \ud83d\ude00", MemoryRegion.SIZE_2_64);
        system.addressSpace(root, "espace");

        assertThat(MapPage.render(system, "caf\u00e9")).matches("(?s)\\p{ASCII}*");
    }

    @Test
    void styleColoursEveryRangeKind() {
        String style = PageTemplate.resource("map-page.css");
        for (RangeKind kind : RangeKind.values()) {
            assertThat(style).contains(".k-" + kind.cssName() + " { --c: #");
        }
    }

    @Test
    void writePutsThePageInTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("pc.html");

        MapPage.write(system, "pc", file);

        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(MapPage.render(system, "pc"))
                .startsWith("<!DOCTYPE html>");
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(text);
        assertThat(m.find()).as("page matches %s", regex).isTrue();
        return m.group(1);
    }

    private static String sha256(String text) throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        return "sha256-" + Base64.getEncoder().encodeToString(digest);
    }
}
