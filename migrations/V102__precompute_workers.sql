-- Precompute on worker nodes (docs/workers.md). A job is split into chunks of chunk_size tasks (by position); each
-- chunk is one execution of db-scheduler's task 'precompute-chunk' (instance '<job>:<chunk>') in scheduled_tasks,
-- which any node started as a worker claims (SELECT ... FOR UPDATE SKIP LOCKED), keeps alive with heartbeats, and
-- which another worker revives when those stop.

-- db-scheduler's table for PostgreSQL, as its documentation gives it (version 16).
CREATE TABLE scheduled_tasks (
    task_name            TEXT NOT NULL,
    task_instance        TEXT NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMPTZ NOT NULL,
    picked               BOOLEAN NOT NULL,
    picked_by            TEXT,
    last_success         TIMESTAMPTZ,
    last_failure         TIMESTAMPTZ,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMPTZ,
    version              BIGINT NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);

-- A job's chunk size is fixed when it is created, so that every node agrees on which tasks a chunk holds. The run
-- clock (when the current run started and how many tasks were finished then) gives the ETA on any node.
ALTER TABLE precompute_job
    ADD COLUMN chunk_size       INTEGER NOT NULL DEFAULT 50 CHECK (chunk_size > 0),
    ADD COLUMN run_started_at   TIMESTAMPTZ,
    ADD COLUMN run_started_done INTEGER NOT NULL DEFAULT 0;

-- Each (job, item, method) is one task and is stored once: the item's index in the job, unique with the method.
-- computed_by names the worker whose result was stored.
ALTER TABLE precompute_task
    ADD COLUMN item        INTEGER,
    ADD COLUMN computed_by TEXT;
UPDATE precompute_task t SET item = t.position / greatest(jsonb_array_length(j.methods), 1)
FROM precompute_job j WHERE j.id = t.job_id;
ALTER TABLE precompute_task
    ALTER COLUMN item SET NOT NULL,
    ADD CONSTRAINT precompute_task_item_method_key UNIQUE (job_id, item, method);
