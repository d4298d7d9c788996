package io.pmos.chat;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The key shapes chat masks, and the words it leaves alone. */
class ChatSecretsTest {

    @Test
    void masksKeyShapesLikeTheRestOfTheApp() {
        assertEquals("use ••••2345 now", ChatSecrets.shaped("use sk-ant-api03-AbCdEfGhIjKl012345 now"));
        assertEquals("Authorization: Bearer ••••WXYZ", ChatSecrets.shaped("Authorization: Bearer abcdefghijklmnopWXYZ"));
        assertEquals("Bearer ••••", ChatSecrets.shaped("Bearer a1b2c3d4"));
        assertEquals("id ••••MPLE,", ChatSecrets.shaped("id AKIAIOSFODNN7EXAMPLE,"));
        assertEquals("(••••6789)", ChatSecrets.shaped("(xoxp-1234-56789)"));
        assertEquals("••••6789", ChatSecrets.shaped("github_pat_11AAAAAAA0123456789_bbbb6789"));
    }

    @Test
    void leavesOrdinaryWordsAlone() {
        for (String text : new String[]{"a task-management-for-everyone board", "bearer of good news", "the bearer responsibilities", "AKIA is short",
                "sk-short", "the desk-organizer-with-many-drawers"}) {
            assertEquals(text, ChatSecrets.shaped(text));
        }
    }
}
