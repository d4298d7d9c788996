package io.pmos.live;

/**
 * A receiver of announcements on the event seam that are messages between instances, not updates for clients
 * (e.g. "cancel run X" for whichever instance works on it): every instance's handler for the topic's prefix is told.
 */
public interface SeamHandler {

    /** Topic prefix this handler owns, with its colon ("run-control:"); no {@link TopicSource} may own it. */
    String prefix();

    /** An event of one of its topics was committed; load it from the {@link EventLog} when the payload is needed. */
    void onEvent(String topic, long seq);
}
