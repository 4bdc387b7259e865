package io.leadflow.intake.imports;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What spreadsheets really export, read off the file itself: UTF-8 with or without a byte-order mark, or
 * Windows-1252 (Excel's "CSV" on Western Windows) when the bytes are not valid UTF-8; comma, semicolon (French Excel)
 * or tab, whichever the header line uses most outside quotes.
 */
public record CsvFormat(Charset charset, boolean byteOrderMark, char delimiter) {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    public static CsvFormat sniff(Path file) throws IOException {
        boolean bom;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(3);
            bom = head.length == 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf;
        }
        Charset charset = bom || isUtf8(file) ? StandardCharsets.UTF_8 : WINDOWS_1252;
        String header;
        try (BufferedReader reader = new BufferedReader(open(file, charset, bom))) {
            header = firstRecordLine(reader);
        }
        return new CsvFormat(charset, bom, delimiterOf(header));
    }

    /** A reader of the file's text, past any byte-order mark. */
    public Reader open(Path file) throws IOException {
        return open(file, charset, byteOrderMark);
    }

    private static Reader open(Path file, Charset charset, boolean bom) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
        if (bom) {
            in.skipNBytes(3);
        }
        return new InputStreamReader(in, charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE));
    }

    /** Streams the whole file through a strict UTF-8 decoder: one invalid sequence and it is not UTF-8. */
    static boolean isUtf8(Path file) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        byte[] chunk = new byte[64 * 1024];
        ByteBuffer bytes = ByteBuffer.allocate(chunk.length + 8);
        CharBuffer chars = CharBuffer.allocate(chunk.length);
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.read(chunk)) >= 0) {
                bytes.put(chunk, 0, read);
                bytes.flip();
                if (!decode(decoder, bytes, chars, false)) {
                    return false;
                }
                bytes.compact();
            }
            bytes.flip();
            return decode(decoder, bytes, chars, true) && !decoder.flush(chars).isError();
        }
    }

    private static boolean decode(CharsetDecoder decoder, ByteBuffer bytes, CharBuffer chars, boolean end) {
        while (true) {
            CoderResult result = decoder.decode(bytes, chars, end);
            if (result.isError()) {
                return false;
            }
            chars.clear();
            if (!result.isOverflow()) {
                return true;
            }
        }
    }

    private static String firstRecordLine(BufferedReader reader) throws IOException {
        String line;
        while ((line = reader.readLine()) != null) {
            if (!line.isBlank()) {
                return line;
            }
        }
        return "";
    }

    static char delimiterOf(String header) {
        int commas = 0;
        int semicolons = 0;
        int tabs = 0;
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                switch (c) {
                    case ',' -> commas++;
                    case ';' -> semicolons++;
                    case '\t' -> tabs++;
                    default -> {
                    }
                }
            }
        }
        if (tabs > commas && tabs > semicolons) {
            return '\t';
        }
        return semicolons > commas ? ';' : ',';
    }

    public String delimiterName() {
        return switch (delimiter) {
            case '\t' -> "tab";
            case ';' -> "semicolon";
            default -> "comma";
        };
    }
}
