package org.xstudy.represent.llm;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import org.xstudy.common.Problem;
import org.xstudy.common.ProblemException;
import org.xstudy.explain.TokenScore;
import org.xstudy.represent.check.CheckSubject;
import org.xstudy.represent.check.VerbalizationCheck;

/**
 * Instruction-based verbalization: asks the configured chat-completions endpoint to explain a prediction from the
 * versioned {@link LlmPrompt}, caches successful answers in PostgreSQL by prompt hash, model and temperature, and
 * checks each answer with {@link VerbalizationCheck}. A failed call caches nothing and becomes a 502 (or 504 on timeout) problem.
 */
@ApplicationScoped
public class LlmVerbalizer {

    /** An answer with its provenance and its faithfulness check. */
    public record Result(String text, String model, double temperature, String promptVersion, String promptHash,
            boolean cached, List<TokenScore> topK, VerbalizationCheck faithfulness) {}

    @Inject
    LlmSettings settings;

    @Inject
    EntityManager em;

    /**
     * Explains {@code subject}'s saliency map for its explained class with the top {@code k} words, knowing the
     * model's prediction when the subject has it (see {@link LlmPrompt#of}), and checks the answer against it.
     */
    public Result verbalize(CheckSubject subject) {
        String text = subject.text();
        List<TokenScore> scores = subject.scores();
        String label = subject.explained();
        Double probability = subject.probability();
        int k = subject.k();
        if (!settings.enabled()) {
            throw new ProblemException(Problem.of(503, "LLM verbalization is off",
                    "Set xstudy.llm.enabled=true and xstudy.llm.base-url to use LLM verbalizations."));
        }
        LlmPrompt prompt = LlmPrompt.of(text, label, probability, subject.prediction(), scores, k, subject.signed());
        String model = settings.model();
        double temperature = settings.temperature();
        var hit = LlmCacheEntry.lookup(prompt.hash(), model, temperature);
        boolean cached = hit.isPresent();
        String answer = hit.map(e -> e.response).orElseGet(() -> call(prompt, model, temperature));
        if (!cached) {
            store(prompt, model, temperature, answer);
        }
        return new Result(answer, model, temperature, prompt.version(), prompt.hash(), cached, prompt.topK(),
                VerbalizationCheck.check(answer, subject));
    }

    private String call(LlmPrompt prompt, String model, double temperature) {
        ChatClient client = new ChatClient(settings.baseUrl(), settings.apiKey().orElse(null), settings.timeout());
        try {
            return client.complete(model, prompt.messages(), temperature, settings.maxTokens());
        } catch (LlmException e) {
            boolean timeout = e.kind() == LlmException.Kind.TIMEOUT;
            throw new ProblemException(Problem.of(timeout ? 504 : 502,
                    timeout ? "LLM endpoint timed out" : "LLM endpoint failed", e.getMessage()));
        }
    }

    private void store(LlmPrompt prompt, String model, double temperature, String answer) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                INSERT INTO llm_verbalization_cache (prompt_hash, model, temperature, prompt_version, prompt, response)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT ON CONSTRAINT llm_verbalization_cache_key DO NOTHING""")
                .setParameter(1, prompt.hash()).setParameter(2, model).setParameter(3, temperature)
                .setParameter(4, prompt.version()).setParameter(5, prompt.text()).setParameter(6, answer)
                .executeUpdate());
    }
}
