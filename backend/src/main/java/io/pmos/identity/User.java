package io.pmos.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A person who can sign in. The email is stored trimmed and lower-cased. */
@Entity
@Table(name = "users")
public class User {

    @Id
    public UUID id;

    public String email;

    public String name;

    @Column(name = "password_hash")
    public String passwordHash;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "last_login_at")
    public Instant lastLoginAt;
}
