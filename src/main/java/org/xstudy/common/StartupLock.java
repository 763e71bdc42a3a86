package org.xstudy.common;

import io.quarkus.hibernate.orm.panache.Panache;

/**
 * Serialises the start-up work that must happen once per database (the first admin, the demo study) across servers
 * that start at the same moment on one PostgreSQL: a transaction-scoped advisory lock, held until the calling
 * transaction ends, so the second server sees what the first one wrote.
 */
public final class StartupLock {

    /** The advisory-lock key of start-up work ("xstudy-s"). */
    private static final long KEY = 0x7873747564792d73L;

    private StartupLock() {}

    /** Takes the lock in the current transaction; call first thing in a {@code @Transactional} start-up method. */
    public static void take() {
        Panache.getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(?1)").setParameter(1, KEY)
                .getSingleResult();
    }
}
