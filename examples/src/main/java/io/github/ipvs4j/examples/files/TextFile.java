package io.github.ipvs4j.examples.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the programs' input files (rules, traffic, jipvsadm's fake state) as UTF-8, refusing a byte
 * that is not UTF-8 with the line it is on, as every other error in them is reported. A decoding
 * reader fails ahead of the line being read (it decodes in blocks) and says only "Input length = 1".
 */
public final class TextFile {
    private TextFile() {
    }

    /** A byte that is not UTF-8; the message names the file, the line and the byte. */
    public static final class NotUtf8Exception extends IOException {
        private static final long serialVersionUID = 1L;

        private final int line;

        NotUtf8Exception(String name, int line, String problem) {
            super(name + ":" + line + ": " + problem);
            this.line = line;
        }

        /** The 1-based line the byte is on. */
        public int line() {
            return line;
        }
    }

    /**
     * The whole file as text.
     *
     * @throws NotUtf8Exception for a byte that is not UTF-8
     * @throws IOException if the file cannot be read
     */
    public static String read(Path file) throws IOException {
        return decode(Files.readAllBytes(file), file.toString());
    }

    /**
     * The whole stream as text, e.g. standard input.
     *
     * @param in the stream, read to its end and not closed
     * @param name what to call it in messages, e.g. {@code -}
     * @return the text
     * @throws NotUtf8Exception for a byte that is not UTF-8
     * @throws IOException if the stream cannot be read
     */
    public static String read(InputStream in, String name) throws IOException {
        return decode(in.readAllBytes(), name);
    }

    private static String decode(byte[] bytes, String name) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder(); // reports malformed input
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 has at least one byte per char
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position(); // the first byte of the malformed sequence
            int line = 1;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new NotUtf8Exception(name, line, String.format("byte 0x%02x is not UTF-8", bytes[at] & 0xff));
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** Why a file could not be read or written, in a few words (not the file's name again). */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage();
    }
}
