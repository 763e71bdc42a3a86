package org.xstudy.prolific;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One request sent to Prolific or one webhook received from it, with the answer; never a token or secret. */
@Entity
@Table(name = "prolific_call")
public class ProlificCall extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public OffsetDateTime at;

    @Column(name = "study_id")
    public Long studyId;

    @Column(name = "user_id")
    public Long userId;

    public String direction;
    public String method;
    public String path;
    public Integer status;
    public String request;
    public String response;
    public Integer millis;
}
