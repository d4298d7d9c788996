package io.pmos.identity;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Request and answer bodies of the auth endpoints. */
public final class AuthDtos {

    private AuthDtos() {
    }

    public record SignupRequest(String name, String email, String password) {
    }

    public record LoginRequest(String email, String password) {
    }

    public record ChangePasswordRequest(String currentPassword, String newPassword) {
    }

    public record ResetPasswordRequest(String userId, String newPassword) {
    }

    public record UserAnswer(boolean ok, UserView user) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MeAnswer(boolean ok, boolean authenticated, UserView user, String error) {
    }

    public record AuthConfigAnswer(boolean ok, boolean signupEnabled, boolean bootstrapNeeded) {
    }

    /** A completed sign-in: the user to show and the raw token for the cookie (never logged). */
    public record SignedIn(UserView user, String token) {
    }
}
