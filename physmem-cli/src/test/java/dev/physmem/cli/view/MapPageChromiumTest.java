package dev.physmem.cli.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.models.x86.PcMachine;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the page in headless Chromium and looks at what its script drew. Chromium is installed
 * when missing (see {@link HeadlessChromium}); the tests are skipped only where it cannot be.
 *
 * <p>The screenshot test leaves {@code target/view-pc.png}; {@code docs/view-pc.png} is a copy of
 * it, refreshed by hand when the page's look changes.
 */
class MapPageChromiumTest {
    private static final Pattern SVG = Pattern.compile("<svg\\b([^>]*)>(.*?)</svg>", Pattern.DOTALL);
    private static final Pattern LABEL = Pattern.compile("aria-label=\"([^\"]*)\"");
    private static final Pattern RANGE_RECT = Pattern.compile("<rect\\b[^>]*\\bdata-region=\"([^\"]*)\"");

    private static HeadlessChromium chromium;
    private static String pcDom;

    @TempDir
    static Path work;

    /** Per test, not per class: a skipped test is then reported one by one, with the reason. */
    @BeforeEach
    void findChromium() {
        chromium = HeadlessChromium.require();
    }

    /** The DOM of the pc machine's page; each Chromium start costs seconds, so the tests share one. */
    private static synchronized String pcDom() throws IOException {
        if (pcDom == null) {
            MemorySystem system = new MemorySystem();
            PcMachine.build(system, 512L << 20);
            pcDom = open(MapPage.render(system, "pc, 512 MiB"));
        }
        return pcDom;
    }

    @Test
    void drawsARectForEachExpectedRegionOfThePcMachine() throws IOException {
        Map<String, Set<String>> bars = barsIn(pcDom());

        assertThat(bars).containsOnlyKeys("flat view of memory, cpu-memory-0", "flat view of I/O",
                "flat view of cpu-smm-0", "flat view of i440FX, PIIX3, piix3-ide, PIIX4_PM");
        assertThat(bars.get("flat view of memory, cpu-memory-0"))
                .containsExactlyInAnyOrder("pc.ram", "pc.rom", "pc.bios", "ioapic", "hpet", "apic-msi");
        assertThat(bars.get("flat view of I/O")).contains("rtc", "rtc-index", "pic", "pit", "io", "pm-smbus");
        assertThat(bars.get("flat view of cpu-smm-0")).contains("pc.ram", "pc.bios");
        assertThat(bars.get("flat view of i440FX, PIIX3, piix3-ide, PIIX4_PM")).isEmpty();
    }

    @Test
    void drawsTheRegionTreesWithDisabledRegionsMarked() throws IOException {
        String dom = pcDom();

        assertThat(dom).contains("data-region=\"smram-region\"", "data-region=\"piix4-pm\"", "[disabled]",
                "address-space: <span class=\"as\">cpu-memory-0</span>");
        assertThat(dom).containsPattern("<span class=\"target\">pc\\.bios</span> <span class=\"addr\">"
                + "0000000000020000-000000000003ffff</span>");
    }

    @Test
    void regionNamesWithMarkupStayText() throws IOException {
        MemorySystem system = new MemorySystem();
        ContainerRegion root = system.initContainer(null, "root", MemoryRegion.SIZE_2_64);
        String scriptName = "</script><script>document.title=1337</script>";
        String imageName = "<img id=pwned src=x onerror=document.title=1337>";
        root.addSubregion(0, system.initRam(null, scriptName, 0x1000));
        root.addSubregion(0x1000, system.initRam(null, imageName, 0x1000));
        system.addressSpace(root, "memory \"quoted\" & <b>bold</b>");

        String dom = open(MapPage.render(system, "<i>title</i>"));

        assertThat(dom).doesNotContain("id=\"pwned\"").doesNotContain("1337</title>").doesNotContain("<i>");
        assertThat(barsIn(dom).values()).singleElement()
                .satisfies(regions -> assertThat(regions).containsExactly(scriptName, imageName));
        assertThat(barsIn(dom)).containsOnlyKeys("flat view of memory \"quoted\" & <b>bold</b>");
    }

    /**
     * Drives the page with synthetic wheel, pointer and click events from a script appended for the
     * test (and allowed by adding its hash to the page's policy), which writes what the window
     * readout of each bar said after each step.
     */
    @Test
    void wheelButtonsDragAndTreeClicksMoveTheWindow() throws IOException {
        MemorySystem system = new MemorySystem();
        PcMachine.build(system, 512L << 20);
        String html = MapPage.render(system, "pc")
                .replace("script-src '", "script-src '" + MapPage.sha256(DRIVER) + "' '")
                .replace("</body>", "<script>" + DRIVER + "</script>\n</body>");

        Map<String, String> steps = new LinkedHashMap<>();
        Matcher step = Pattern.compile("(?m)^([a-z0-9-]+)=(.*)$").matcher(
                group(open(html), "<pre id=\"driver\">(.*?)</pre>"));
        while (step.find()) {
            steps.put(step.group(1), step.group(2));
        }

        assertThat(steps).containsExactly(
                Map.entry("fit", "0x0 \u2013 0xffff_ffff  (4 GiB)"),
                Map.entry("wheel-in-at-left", "0x0 \u2013 0xcccc_cccb  (3.20 GiB)"),
                Map.entry("wheel-out-at-left", "0x0 \u2013 0xffff_fffe  (4.00 GiB)"),
                Map.entry("button-in", "0x4000_0000 \u2013 0xbfff_ffff  (2 GiB)"),
                Map.entry("drag-right-past-the-start", "0x0 \u2013 0x7fff_ffff  (2 GiB)"),
                Map.entry("button-fit", "0x0 \u2013 0xffff_ffff  (4 GiB)"),
                Map.entry("button-2-64", "0x0 \u2013 0xffff_ffff_ffff_ffff  (16 EiB)"),
                Map.entry("tree-click-ioapic", "0xfebf_fe00 \u2013 0xfec0_11ff  (5 KiB)"),
                Map.entry("tooltip-over-ioapic", "address 0x00000000fec00000 in address space \"memory\":"),
                Map.entry("range-click-rtc", "0x70 \u2013 0x7f  (16 B)"),
                Map.entry("io-rects", "rtc-index,rtc,io,kvmvapic"));
    }

    /** The test's driver script: every step is one line {@code name=readout}. */
    private static final String DRIVER = """
            (() => {
              const out = [];
              const [mem, io] = document.querySelectorAll('svg.bar');
              const [memWindow, ioWindow] = document.querySelectorAll('.window');
              const [memButtons, ioButtons] = [...document.querySelectorAll('.controls')].map(c => c.querySelectorAll('button'));
              const box = mem.getBoundingClientRect();
              const at = (fx) => ({ clientX: box.left + box.width * fx, clientY: box.top + 30, bubbles: true,
                                    cancelable: true, pointerId: 7, button: 0, isPrimary: true });
              const log = (name, text) => out.push(name + '=' + text);
              log('fit', memWindow.textContent);
              mem.dispatchEvent(new WheelEvent('wheel', { ...at(0), deltaY: -100 }));
              log('wheel-in-at-left', memWindow.textContent);
              mem.dispatchEvent(new WheelEvent('wheel', { ...at(0), deltaY: 100 }));
              log('wheel-out-at-left', memWindow.textContent);
              memButtons[2].click();
              memButtons[0].click();
              log('button-in', memWindow.textContent);
              mem.dispatchEvent(new PointerEvent('pointerdown', at(0.25)));
              mem.dispatchEvent(new PointerEvent('pointermove', at(0.5)));
              mem.dispatchEvent(new PointerEvent('pointermove', at(1.0)));
              mem.dispatchEvent(new PointerEvent('pointerup', at(1.0)));
              log('drag-right-past-the-start', memWindow.textContent);
              memButtons[2].click();
              log('button-fit', memWindow.textContent);
              memButtons[3].click();
              log('button-2-64', memWindow.textContent);
              [...document.querySelectorAll('.node')].find(n => n.dataset.region === 'ioapic').click();
              log('tree-click-ioapic', memWindow.textContent);
              const ioapic = mem.querySelector('rect[data-region="ioapic"]').getBoundingClientRect();
              mem.querySelector('rect[data-region="ioapic"]').dispatchEvent(new PointerEvent('pointermove',
                  { clientX: ioapic.left + 2, clientY: ioapic.top + 2, bubbles: true }));
              const tip = document.getElementById('tooltip');
              log('tooltip-over-ioapic', tip.hidden ? '(hidden)' : tip.textContent.split('\\n').find(l => l.startsWith('address')));
              const rtc = io.querySelector('rect[data-region="rtc"]');
              rtc.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, button: 0, pointerId: 8, clientX: 1 }));
              rtc.dispatchEvent(new PointerEvent('pointerup', { bubbles: true, button: 0, pointerId: 8, clientX: 1 }));
              log('range-click-rtc', ioWindow.textContent);
              log('io-rects', [...io.querySelectorAll('rect[data-region]')].map(r => r.dataset.region).join(','));
              const pre = document.createElement('pre');
              pre.id = 'driver';
              pre.textContent = out.join('\\n');
              document.body.append(pre);
            })();
            """;

    @Test
    void screenshotShowsThePage() throws IOException {
        MemorySystem system = new MemorySystem();
        PcMachine.build(system, 512L << 20);
        Path page = work.resolve("view-pc.html");
        MapPage.write(system, "physmem view: pc machine, 512 MiB, at reset", page);
        Path png = Path.of("target", "view-pc.png").toAbsolutePath();
        Files.deleteIfExists(png);

        long t0 = System.nanoTime();
        chromium.screenshot(page, png, 1400, 900, work);
        System.out.printf("chromium: screenshot in %d ms%n", (System.nanoTime() - t0) / 1_000_000L);

        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
        assertThat(bytes.length).as("a drawn page, not a blank one").isGreaterThan(30_000);
    }

    private static String open(String html) throws IOException {
        Path page = Files.createTempFile(work, "page-", ".html");
        Files.writeString(page, html);
        long t0 = System.nanoTime();
        String dom = chromium.dumpDom(page, work);
        System.out.printf("chromium: --dump-dom in %d ms%n", (System.nanoTime() - t0) / 1_000_000L);
        return dom;
    }

    /** The region names of the range rects in each bar, keyed by the bar's (unescaped) aria-label. */
    private static Map<String, Set<String>> barsIn(String dom) {
        Map<String, Set<String>> bars = new LinkedHashMap<>();
        Matcher svg = SVG.matcher(dom);
        while (svg.find()) {
            Matcher label = LABEL.matcher(svg.group(1));
            if (!label.find()) {
                continue;
            }
            Set<String> regions = new LinkedHashSet<>();
            Matcher rect = RANGE_RECT.matcher(svg.group(2));
            while (rect.find()) {
                regions.add(unescape(rect.group(1)));
            }
            bars.put(unescape(label.group(1)), regions);
        }
        return bars;
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(text);
        assertThat(m.find()).as("DOM matches %s", regex).isTrue();
        return unescape(m.group(1));
    }

    /** Reverses the escaping of attribute values and text in serialized HTML. */
    private static String unescape(String attribute) {
        String s = attribute;
        for (List<String> pair : List.of(List.of("&quot;", "\""), List.of("&lt;", "<"), List.of("&gt;", ">"),
                List.of("&nbsp;", "\u00a0"), List.of("&amp;", "&"))) {
            s = s.replace(pair.get(0), pair.get(1));
        }
        return s;
    }
}
