package org.xstudy.explain.job;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One method on one item of a precompute job: unique per (job, item, method). */
@Entity
@Table(name = "precompute_task")
public class PrecomputeTask extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "job_id")
    public Long jobId;

    public int position;

    /** The item's index in the job. */
    public int item;
    public String method;

    @JdbcTypeCode(SqlTypes.JSON)
    public String params;

    public String text;

    @Column(name = "item_key")
    public String itemKey;

    /** pending, done or failed. */
    public String status;

    @Column(name = "explanation_id")
    public Long explanationId;

    public String error;

    /** The worker whose result was stored. */
    @Column(name = "computed_by")
    public String computedBy;

    /** The first {@code limit} pending tasks of the job with a position in {@code [from, to)}. */
    static List<PrecomputeTask> nextPending(long jobId, int from, int to, int limit) {
        return find("jobId = ?1 and status = 'pending' and position >= ?2 and position < ?3 order by position",
                jobId, from, to).page(0, limit).list();
    }
}
