package io.pmos.live;

import io.smallrye.mutiny.Uni;

import java.util.List;

/** The read side of the event log that the live hub needs (the real one is {@link EventLog}; hub tests use their own). */
interface LiveEvents {

    /** The topic's last event number (0 when it has none). */
    Uni<Long> currentSeq(String topic);

    /** Events of a topic after a number, in order, at most {@code limit}. */
    Uni<List<LiveEvent>> after(String topic, long afterSeq, int limit);
}
