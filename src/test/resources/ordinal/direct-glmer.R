# Fits glmer(correct ~ condition + (1 | participant) + (1 | item), binomial) directly on a long CSV export, written
# independently of the generated analysis.R, and writes its estimates in the same CSV layout.
# Usage: Rscript direct-glmer.R <long.csv> <out.csv>
suppressMessages(library(lme4))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], stringsAsFactors = FALSE)
sim <- subset(d, excluded == FALSE & kind %in% c("forward", "counterfactual") & !is.na(correct) & !is.na(item))
sim$condition <- relevel(factor(sim$condition), ref = "control")
# the same tight optimiser settings as analysis.R, so both land on the optimum itself
fit <- glmer(correct ~ condition + (1 | participant) + (1 | item), data = sim, family = binomial,
             control = glmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-9), tolPwrss = 1e-12))
co <- summary(fit)$coefficients
vc <- as.data.frame(VarCorr(fit))
out <- rbind(
  data.frame(model = "glmer", response = "correct", kind = "coef", term = rownames(co), estimate = co[, 1]),
  data.frame(model = "glmer", response = "correct", kind = "sd", term = vc$grp, estimate = vc$sdcor),
  data.frame(model = "glmer", response = "correct", kind = "loglik", term = "logLik",
             estimate = as.numeric(logLik(fit))))
write.csv(out, args[2], row.names = FALSE)
