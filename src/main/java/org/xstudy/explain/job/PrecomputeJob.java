package org.xstudy.explain.job;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A background job computing explanations for methods × items of one model; {@code done} counts finished tasks. */
@Entity
@Table(name = "precompute_job")
public class PrecomputeJob extends PanacheEntityBase {

    /** The life of a job: queued → running → done, or cancelled / failed, and back to running on resume. */
    public enum Status { queued, running, cancelled, done, failed }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "model_id")
    public String modelId;

    /** The methods with their parameters as given, {@code [{method, params}]}. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String methods;

    @Column(name = "study_id")
    public Long studyId;

    @Column(name = "dataset_id")
    public Long datasetId;

    /** The account that started the job; null for jobs started before accounts were recorded. */
    @Column(name = "owner_id")
    public Long ownerId;

    public String status;
    public int total;
    public int done;
    public int failed;
    public String error;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    public Status state() {
        return Status.valueOf(status);
    }
}
