package io.pmos.mcp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The SSE parser alone: line endings, comments, retry, multi-line data and chunks split at every byte. */
class SseParserTest {

    /** What one parse produced: the events and the resumption state left behind. */
    private record Parsed(List<SseEvent> events, String lastEventId, Long retry) {
    }

    private static Parsed parse(byte[] input, int... splits) {
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(1 << 20, null, events::add);
        int from = 0;
        for (int split : splits) {
            parser.feed(Arrays.copyOfRange(input, from, split));
            from = split;
        }
        parser.feed(Arrays.copyOfRange(input, from, input.length));
        parser.end();
        return new Parsed(events, parser.lastEventId(), parser.retryMillis());
    }

    private static Parsed parse(String input) {
        return parse(input.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses the input whole, one byte at a time, and split in two at every position; all must agree. */
    private static Parsed parseEverySplit(String text) {
        byte[] input = text.getBytes(StandardCharsets.UTF_8);
        Parsed whole = parse(input);
        int[] everyByte = new int[Math.max(0, input.length - 1)];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = i + 1;
        }
        assertEquals(whole, parse(input, everyByte), "byte-by-byte feeding changed the result");
        for (int split = 1; split < input.length; split++) {
            assertEquals(whole, parse(input, split), "splitting at byte " + split + " changed the result");
        }
        return whole;
    }

    @Test
    void referenceServerStreamWithPrimingEvent() {
        Parsed p = parseEverySplit("id: prime-1\ndata: \n\n"
                + "event: message\nid: ev-2\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\n\n"
                + "event: message\nid: ev-3\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\n\n");
        assertEquals(List.of(
                new SseEvent("prime-1", "message", ""),
                new SseEvent("ev-2", "message", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}"),
                new SseEvent("ev-3", "message", "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}")), p.events());
        assertEquals("ev-3", p.lastEventId());
        assertNull(p.retry());
    }

    @Test
    void crlfCrAndLfLineEndsMixed() {
        Parsed p = parseEverySplit("data: one\r\n\r\ndata: two\r\rdata: three\n\ndata: four\r\n\n");
        assertEquals(List.of("one", "two", "three", "four"), p.events().stream().map(SseEvent::data).toList());
    }

    @Test
    void crlfSplitAcrossChunksIsOneLineEnd() {
        // a CR ending one chunk and the LF starting the next must not make an empty line, which would cut the event
        byte[] input = "data: a\r\ndata: b\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        Parsed p = parse(input, 8);
        assertEquals(List.of(new SseEvent(null, "message", "a\nb")), p.events());
    }

    @Test
    void multiLineDataJoinsWithNewlines() {
        Parsed p = parseEverySplit("data: {\"a\":\ndata:1,\ndata:  \"b\": 2}\n\n");
        assertEquals("{\"a\":\n1,\n \"b\": 2}", p.events().get(0).data());
    }

    @Test
    void commentsRetryAndUnknownFieldsAreHandled() {
        Parsed p = parseEverySplit(": keep-alive\n:\nretry: 2500\nfoo: bar\nevent: message\n: mid-event comment\n"
                + "data: x\n\nretry: 12a\nretry:\ndata: y\n\n");
        assertEquals(List.of("x", "y"), p.events().stream().map(SseEvent::data).toList());
        assertEquals(2500L, p.retry(), "a malformed retry must be ignored, keeping the last valid one");
    }

    @Test
    void fieldWithoutColonAndEmptyData() {
        Parsed p = parseEverySplit("data\n\ndata:\ndata\n\n");
        assertEquals(List.of("", "\n"), p.events().stream().map(SseEvent::data).toList());
    }

    @Test
    void eventTypeResetsAfterEachDispatch() {
        Parsed p = parseEverySplit("event: endpoint\ndata: /messages?x=1\n\ndata: plain\n\n");
        assertEquals(List.of(new SseEvent(null, "endpoint", "/messages?x=1"), new SseEvent(null, "message", "plain")),
                p.events());
    }

    @Test
    void idOnlyEventSetsLastEventIdWithoutDispatch() {
        Parsed p = parseEverySplit("id: 7\n\nid: bad\u0000id\ndata: z\n\n");
        assertEquals(List.of(new SseEvent("7", "message", "z")), p.events(), "an id containing NUL is ignored");
        assertEquals("7", p.lastEventId());
    }

    @Test
    void unfinishedEventAtEndOfStreamIsDropped() {
        Parsed p = parseEverySplit("data: complete\n\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"res");
        assertEquals(List.of("complete"), p.events().stream().map(SseEvent::data).toList());
    }

    @Test
    void utf8SplitInsideCharactersAndLeadingBom() {
        Parsed p = parseEverySplit("\uFEFFdata: caf\u00e9 \uD83D\uDE80 \u4e2d\n\n");
        assertEquals("caf\u00e9 \uD83D\uDE80 \u4e2d", p.events().get(0).data());
    }

    @Test
    void resumedParserKeepsTheEarlierLastEventId() {
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(1024, "earlier", events::add);
        parser.feed("data: again\n\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(new SseEvent("earlier", "message", "again"), events.get(0));
    }

    @Test
    void eventLargerThanTheCapFails() {
        SseParser parser = new SseParser(100, null, e -> { });
        byte[] line = ("data: " + "x".repeat(60) + "\n").getBytes(StandardCharsets.UTF_8);
        parser.feed(line);
        assertThrows(SseParser.TooLargeException.class, () -> parser.feed(line), "two data lines exceed 100 bytes");

        SseParser endless = new SseParser(100, null, e -> { });
        assertThrows(SseParser.TooLargeException.class,
                () -> endless.feed("x".repeat(101).getBytes(StandardCharsets.UTF_8)), "a line without end exceeds the cap");
    }

    @Test
    void manySmallEventsDoNotAddUpToTheCap() {
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(100, null, events::add);
        for (int i = 0; i < 1000; i++) {
            parser.feed(("data: " + "y".repeat(50) + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(1000, events.size());
    }
}
