package dev.physmem.cli.board;

import dev.physmem.cli.board.BoardSpec.Contents;
import dev.physmem.cli.board.BoardSpec.Region;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;

/** Reads a region's initial contents and checks that they fit between their offset and the region's end. */
final class ContentsReader {

    private ContentsReader() {
    }

    /**
     * The bytes {@code c} gives for {@code region}: the literal bytes, or the file's.
     *
     * @throws BoardFormatException if the offset is past the region's end, the bytes do not fit,
     *     or the file cannot be read
     */
    static byte[] read(Contents c, Region region) throws BoardFormatException {
        String field = c.bytes() != null ? "contents.hex" : "contents.file";
        if (Long.compareUnsigned(c.offset(), region.size()) > 0) {
            throw new BoardFormatException(c.where(), field, "the contents offset " + Numbers.hex(c.offset())
                    + " is beyond the end of " + region.describe() + " (size " + Numbers.formatSize(region.size())
                    + ")");
        }
        long room = region.size() - c.offset();
        long length = c.bytes() != null ? c.bytes().length : fileSize(c);
        if (length > room) {
            throw new BoardFormatException(c.where(), field, length + " bytes do not fit: only " + room
                    + " fit from the contents offset to the end of " + region.describe());
        }
        return c.bytes() != null ? c.bytes() : readFile(c);
    }

    private static long fileSize(Contents c) throws BoardFormatException {
        try {
            return Files.size(c.file());
        } catch (IOException e) {
            throw cannotRead(c, e);
        }
    }

    private static byte[] readFile(Contents c) throws BoardFormatException {
        try {
            return Files.readAllBytes(c.file());
        } catch (IOException e) {
            throw cannotRead(c, e);
        }
    }

    private static BoardFormatException cannotRead(Contents c, IOException e) {
        String why = e instanceof NoSuchFileException ? "no such file" : e.getMessage();
        return new BoardFormatException(c.where(), "contents.file", "cannot read '" + c.file() + "': " + why, e);
    }
}
