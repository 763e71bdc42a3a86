package org.xstudy.study;

/**
 * Where participants take a study: the plain link, a Prolific-ready URL template with Prolific's placeholders,
 * and a preview link that walks the study without recording anything.
 */
public record StudyLinks(String participantUrl, String prolificUrlTemplate, String previewUrl, String completionCode) {

    /** The preview link as a path of this server, for the console (whose pages are on this server anyway). */
    public String previewPath() {
        return previewUrl.substring(previewUrl.lastIndexOf("/s/"));
    }

    public static StudyLinks of(String baseUrl, Study study, String completionCode) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        String url = base + "/s/" + study.slug;
        return new StudyLinks(url,
                url + "?PROLIFIC_PID={{%PROLIFIC_PID%}}&STUDY_ID={{%STUDY_ID%}}&SESSION_ID={{%SESSION_ID%}}",
                url + "/preview?key=" + study.previewToken, completionCode);
    }
}
