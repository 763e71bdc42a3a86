package org.xstudy.explain;

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

/**
 * A stored attribution with its provenance: which model (id and behavioural hash), method and parameters, text
 * and target class produced which word scores, prediction and metrics, with which library version and how fast.
 * JSON columns hold JSON text.
 */
@Entity
@Table(name = "explanation")
public class Explanation extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** The app_user who asked for it; null when unknown (admins only). */
    @Column(name = "owner_id")
    public Long ownerId;

    @Column(name = "model_id")
    public String modelId;

    @Column(name = "model_hash")
    public String modelHash;

    public String method;

    /** The resolved parameters, defaults filled in. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String params;

    /** The canonical form of {@link #params} (sorted keys), part of the request key. */
    @Column(name = "params_key")
    public String paramsKey;

    public Long seed;

    @Column(name = "library_version")
    public String libraryVersion;

    @Column(name = "runtime_ms")
    public double runtimeMs;

    public String text;

    @Column(name = "text_hash")
    public String textHash;

    public int target;

    @JdbcTypeCode(SqlTypes.JSON)
    public String labels;

    public int prediction;

    @JdbcTypeCode(SqlTypes.JSON)
    public String probabilities;

    /** The words as {@code [{token, start, end, score}]}. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String tokens;

    @JdbcTypeCode(SqlTypes.JSON)
    public String metrics;

    /** How many times this request was computed (1, plus one per {@code recompute}). */
    public int computations;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "computed_at")
    public OffsetDateTime computedAt;

    public static Optional<Explanation> findByKey(Long ownerId, String modelId, String modelHash, String method,
            String paramsKey, String textHash, int target) {
        String query = "modelId = ?1 and modelHash = ?2 and method = ?3 and paramsKey = ?4 and textHash = ?5 "
                + "and target = ?6 and ";
        return (ownerId == null
                ? find(query + "ownerId is null", modelId, modelHash, method, paramsKey, textHash, target)
                : find(query + "ownerId = ?7", modelId, modelHash, method, paramsKey, textHash, target, ownerId))
                .firstResultOptional();
    }
}
