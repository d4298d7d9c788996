package io.pmos.workspace;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A tenant: everything a team owns in PMOS hangs off one workspace. */
@Entity
@Table(name = "workspaces")
public class Workspace {

    @Id
    public UUID id;

    public String name;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
