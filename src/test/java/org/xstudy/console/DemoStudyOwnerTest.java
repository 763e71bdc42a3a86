package org.xstudy.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xstudy.TestDb;
import org.xstudy.account.Bootstrap;
import org.xstudy.study.DemoStudy;

/**
 * The demo study belongs to the first admin (XSTUDY_ADMIN_EMAIL; admin@test.local in tests), who signs in and
 * sees it; a demo that the configuration key's account owns (as earlier versions made it) is handed to them.
 */
@QuarkusTest
class DemoStudyOwnerTest {

    static final String ADMIN = "admin@test.local";
    static final String ADMIN_PASSWORD = "admin-password-1";

    @Inject
    DemoStudy demo;

    @Inject
    DataSource db;

    @AfterEach
    void removeDemo() throws Exception {
        new TestDb(db).execute("DELETE FROM study WHERE slug = '" + DemoStudy.SLUG + "'");
    }

    @Test
    void theAdminWhoSignsInFirstSeesTheOpenDemoStudy() throws Exception {
        removeDemo();
        demo.load();
        TestDb sql = new TestDb(db);
        assertEquals("open", sql.text("SELECT status FROM study WHERE slug = '" + DemoStudy.SLUG + "'"));
        assertEquals(ADMIN, sql.text("SELECT u.email FROM study s JOIN app_user u ON u.id::text = s.owner "
                + "WHERE s.slug = '" + DemoStudy.SLUG + "'"));
        ConsoleClient admin = ConsoleClient.signedIn(ADMIN, ADMIN_PASSWORD);
        String list = admin.get("/console/studies").then().statusCode(200).extract().asString();
        assertTrue(list.contains(DemoStudy.SLUG), list);
        long id = sql.scalar("SELECT id FROM study WHERE slug = '" + DemoStudy.SLUG + "'");
        String page = admin.get("/console/studies/" + id).then().statusCode(200).extract().asString();
        assertTrue(!page.contains("id=\"spec-warnings\""), "the demo has no design warnings");
    }

    @Test
    void aDemoOwnedByTheConfigurationKeyGoesToTheFirstAdmin() throws Exception {
        removeDemo();
        demo.load();
        TestDb sql = new TestDb(db);
        sql.execute("UPDATE study SET owner = (SELECT id::text FROM app_user WHERE email = '"
                + Bootstrap.KEY_ACCOUNT + "') WHERE slug = '" + DemoStudy.SLUG + "'");
        ConsoleClient admin = ConsoleClient.signedIn(ADMIN, ADMIN_PASSWORD);
        assertTrue(!admin.get("/console/studies").asString().contains(DemoStudy.SLUG), "hidden while the key owns it");
        demo.load();
        assertTrue(admin.get("/console/studies").asString().contains(DemoStudy.SLUG));
        assertEquals(1, sql.scalar("SELECT count(*) FROM study WHERE slug = '" + DemoStudy.SLUG + "'"));
    }
}
