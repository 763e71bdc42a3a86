package org.xstudy.study;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.xstudy.study.spec.StudySpec;

/** A study: its specification, its lifecycle status and who owns it. */
@Entity
@Table(name = "study")
public class Study extends PanacheEntityBase {

    public static final String DRAFT = "draft";
    public static final String OPEN = "open";
    public static final String PAUSED = "paused";
    public static final String CLOSED = "closed";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String slug;
    public String title;
    public String status = DRAFT;

    @JdbcTypeCode(SqlTypes.JSON)
    public String spec;

    @Column(name = "spec_version")
    public int specVersion;

    public int revision = 1;
    public String owner;

    @Column(name = "preview_token")
    public String previewToken;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    @Column(name = "opened_at")
    public OffsetDateTime openedAt;

    @Column(name = "closed_at")
    public OffsetDateTime closedAt;

    public static Optional<Study> findBySlug(String slug) {
        if (!StudySpec.isSlug(slug)) {
            return Optional.empty();
        }
        return find("slug", slug).firstResultOptional();
    }
}
