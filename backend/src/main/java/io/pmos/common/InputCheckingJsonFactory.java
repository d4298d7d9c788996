package io.pmos.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.util.JsonParserDelegate;

import java.io.DataInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The JSON factory of request bodies: its parsers refuse a key that appears twice in one object and text that
 * PostgreSQL cannot store (NUL, or half of a UTF-16 surrogate pair), in values and keys, at every depth. Checking at
 * the token level covers every DTO shape, free-form maps included, before anything reaches a service.
 */
final class InputCheckingJsonFactory extends JsonFactory {

    InputCheckingJsonFactory(JsonFactory base) {
        super(base, null);
    }

    @Override
    public JsonFactory copy() {
        return new InputCheckingJsonFactory(this);
    }

    @Override
    protected JsonParser _createParser(InputStream in, IOContext ctxt) throws IOException {
        return new CheckingParser(super._createParser(in, ctxt));
    }

    @Override
    protected JsonParser _createParser(Reader r, IOContext ctxt) throws IOException {
        return new CheckingParser(super._createParser(r, ctxt));
    }

    @Override
    protected JsonParser _createParser(char[] data, int offset, int len, IOContext ctxt, boolean recyclable)
            throws IOException {
        return new CheckingParser(super._createParser(data, offset, len, ctxt, recyclable));
    }

    @Override
    protected JsonParser _createParser(byte[] data, int offset, int len, IOContext ctxt) throws IOException {
        return new CheckingParser(super._createParser(data, offset, len, ctxt));
    }

    @Override
    protected JsonParser _createParser(DataInput input, IOContext ctxt) throws IOException {
        return new CheckingParser(super._createParser(input, ctxt));
    }

    /** A key that appears twice in one JSON object. */
    public static final class DuplicateFieldException extends JsonParseException {
        private final String field;

        DuplicateFieldException(JsonParser p, String field) {
            super(p, "Duplicate field");
            this.field = field;
        }

        /** The key with its path, e.g. {@code flowPieces.url}. */
        public String field() {
            return field;
        }
    }

    /** Text PostgreSQL cannot store: a NUL character or an unpaired surrogate. */
    public static final class UnstorableTextException extends JsonParseException {
        private final String field;
        private final boolean nul;
        private final boolean inKey;

        UnstorableTextException(JsonParser p, String field, boolean nul, boolean inKey) {
            super(p, "Unstorable character");
            this.field = field;
            this.nul = nul;
            this.inKey = inKey;
        }

        /** The field (path) whose value or key holds the character; empty for the top level. */
        public String field() {
            return field;
        }

        /** True for NUL, false for half of a surrogate pair. */
        public boolean nul() {
            return nul;
        }

        /** True when the character is in a key rather than in a value. */
        public boolean inKey() {
            return inKey;
        }
    }

    /** Every way of advancing goes through {@link #nextToken()}, so no token escapes the checks. */
    static final class CheckingParser extends JsonParserDelegate {

        private final Deque<Set<String>> keys = new ArrayDeque<>();

        CheckingParser(JsonParser d) {
            super(d);
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken t = delegate.nextToken();
            if (t == null) {
                return null;
            }
            switch (t) {
                case START_OBJECT -> keys.push(new HashSet<>());
                case END_OBJECT -> keys.poll();
                case FIELD_NAME -> {
                    String name = delegate.currentName();
                    check(name.toCharArray(), 0, name.length(), true);
                    Set<String> seen = keys.peek();
                    if (seen != null && !seen.add(name)) {
                        throw new DuplicateFieldException(this, path(true));
                    }
                }
                case VALUE_STRING -> check(delegate.getTextCharacters(), delegate.getTextOffset(), delegate.getTextLength(), false);
                default -> {
                }
            }
            return t;
        }

        private void check(char[] text, int offset, int length, boolean key) throws UnstorableTextException {
            int end = offset + length;
            for (int i = offset; i < end; i++) {
                char c = text[i];
                if (c == 0) {
                    throw new UnstorableTextException(this, path(!key), true, key);
                }
                if (Character.isHighSurrogate(c)) {
                    if (i + 1 < end && Character.isLowSurrogate(text[i + 1])) {
                        i++;
                        continue;
                    }
                    throw new UnstorableTextException(this, path(!key), false, key);
                }
                if (Character.isLowSurrogate(c)) {
                    throw new UnstorableTextException(this, path(!key), false, key);
                }
            }
        }

        /** The dotted path of the current value ({@code a.b.[2]}); without the last key when that key is the culprit. */
        private String path(boolean withCurrentKey) {
            List<String> parts = new ArrayList<>();
            JsonStreamContext c = delegate.getParsingContext();
            boolean first = true;
            while (c != null && !c.inRoot()) {
                if (c.inObject()) {
                    if (c.getCurrentName() != null && (withCurrentKey || !first)) {
                        parts.add(0, c.getCurrentName());
                    }
                } else if (c.inArray() && c.getCurrentIndex() >= 0) {
                    parts.add(0, "[" + c.getCurrentIndex() + "]");
                }
                first = false;
                c = c.getParent();
            }
            return String.join(".", parts);
        }

        @Override
        public JsonToken nextValue() throws IOException {
            JsonToken t = nextToken();
            return t == JsonToken.FIELD_NAME ? nextToken() : t;
        }

        @Override
        public String nextFieldName() throws IOException {
            return nextToken() == JsonToken.FIELD_NAME ? currentName() : null;
        }

        @Override
        public boolean nextFieldName(SerializableString str) throws IOException {
            return nextToken() == JsonToken.FIELD_NAME && str.getValue().equals(currentName());
        }

        @Override
        public String nextTextValue() throws IOException {
            return nextToken() == JsonToken.VALUE_STRING ? getText() : null;
        }

        @Override
        public int nextIntValue(int defaultValue) throws IOException {
            return nextToken() == JsonToken.VALUE_NUMBER_INT ? getIntValue() : defaultValue;
        }

        @Override
        public long nextLongValue(long defaultValue) throws IOException {
            return nextToken() == JsonToken.VALUE_NUMBER_INT ? getLongValue() : defaultValue;
        }

        @Override
        public Boolean nextBooleanValue() throws IOException {
            JsonToken t = nextToken();
            return t == JsonToken.VALUE_TRUE ? Boolean.TRUE : t == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
        }

        @Override
        public JsonParser skipChildren() throws IOException {
            JsonToken t = currentToken();
            if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
                return this;
            }
            int open = 1;
            while (open > 0) {
                JsonToken n = nextToken();
                if (n == null) {
                    return this;
                }
                if (n.isStructStart()) {
                    open++;
                } else if (n.isStructEnd()) {
                    open--;
                }
            }
            return this;
        }
    }
}
