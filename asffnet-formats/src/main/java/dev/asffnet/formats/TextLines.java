package dev.asffnet.formats;

import dev.asffnet.api.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Lines of a small UTF-8 text file: a leading byte-order mark is dropped, LF, CRLF and CR all end lines. */
final class TextLines {
    private TextLines() {
    }

    /**
     * @param what names the file's role in messages, e.g. "landmark table"
     * @throws InvalidInputException if the file cannot be read or is not UTF-8 text
     */
    static List<String> read(Path file, String what) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(what + " " + file + " is not UTF-8 text (" + e + "): save it as UTF-8", e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return List.of(text.split("\r\n|\r|\n", -1));
    }
}
