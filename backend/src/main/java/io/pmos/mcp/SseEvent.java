package io.pmos.mcp;

/** One dispatched server-sent event: its id (the last one seen, possibly from an earlier event), type and data. */
record SseEvent(String id, String type, String data) {
}
