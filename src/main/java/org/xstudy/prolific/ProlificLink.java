package org.xstudy.prolific;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** The Prolific study of an xstudy study, and whose token drives it; never serialized. */
@Entity
@Table(name = "prolific_study")
public class ProlificLink extends PanacheEntityBase {

    @Id
    @Column(name = "study_id")
    public Long studyId;

    @Column(name = "user_id")
    public Long userId;

    @Column(name = "prolific_id")
    public String prolificId;

    /** Prolific's status: UNPUBLISHED, ACTIVE, PAUSED, AWAITING REVIEW, COMPLETED ... */
    public String status;

    @Column(name = "hook_secret_enc")
    public byte[] hookSecretEnc;

    @Column(name = "hook_subscription")
    public String hookSubscription;

    @Column(name = "synced_at")
    public OffsetDateTime syncedAt;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
