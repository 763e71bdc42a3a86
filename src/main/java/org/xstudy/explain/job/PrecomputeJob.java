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

/**
 * A background job computing explanations for methods × items of one model, split into chunks that worker nodes
 * claim; {@code done} and {@code failed} count finished tasks.
 */
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

    /** Tasks per chunk, fixed at creation (docs/workers.md). */
    @Column(name = "chunk_size")
    public int chunkSize;

    /** When the current run started (first chunk claimed after creation or resume), for the ETA. */
    @Column(name = "run_started_at")
    public OffsetDateTime runStartedAt;

    /** Tasks finished (done or failed) when the current run started. */
    @Column(name = "run_started_done")
    public int runStartedDone;

    public Status state() {
        return Status.valueOf(status);
    }

    /** Whether the job still has work to hand out: queued or running. */
    public boolean open() {
        return state() == Status.queued || state() == Status.running;
    }
}
