package org.xstudy.represent.api;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A stored representation: what it was made from ({@code text}, {@code params}, {@code method}), the study payload
 * it yields, and its automatic scores ({@code result}). {@code version} counts regenerations.
 */
@Entity
@Table(name = "representation")
public class Representation extends PanacheEntityBase {

    public static final String GENERATED = "generated";
    public static final String IMPORTED = "imported";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** The app_user who made or imported it; null when unknown (admins only). */
    @Column(name = "owner_id")
    public Long ownerId;

    public String kind;
    public String provenance;
    public String method;

    @JdbcTypeCode(SqlTypes.JSON)
    public String params;

    public String text;
    public String label;

    @JdbcTypeCode(SqlTypes.JSON)
    public String payload;

    @JdbcTypeCode(SqlTypes.JSON)
    public String result;

    public String source;
    public int version;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
