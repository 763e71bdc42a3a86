# Fits the logistic GLMM of docs/analysis.md with lme4::glmer (Laplace, nAGQ = 1) to each CSV given
# (participant,item,condition,phase,correct) and prints "case<TAB>key<TAB>value" lines for GlmmAgreesWithLme4Test.
# Factor levels are sorted in the C locale, as xstudy sorts them. With the first argument "tight", glmer runs its
# inner PIRLS to tolPwrss = 1e-12 and bobyqa to rhoend = 1e-9 (its defaults, 1e-7 and Nelder-Mead's FtolAbs = 1e-5,
# leave the optimum off by up to ~4e-4 relative; see docs/analysis.md); "default" keeps glmerControl()'s defaults.
suppressMessages(library(lme4))
invisible(Sys.setlocale("LC_COLLATE", "C"))
options(digits = 17)
args <- commandArgs(trailingOnly = TRUE)
control <- if (args[1] == "tight") {
  glmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-9), tolPwrss = 1e-12)
} else {
  glmerControl()
}
for (f in args[-1]) {
  case <- sub("\\.csv$", "", basename(f))
  d <- read.csv(f, colClasses = c("character", "character", "character", "character", "integer"))
  d$condition <- factor(d$condition)
  prepost <- any(d$phase %in% c("pre", "post"))
  form <- if (prepost) {
    d$phase <- factor(d$phase)
    correct ~ condition * phase + (1 | participant) + (1 | item)
  } else {
    correct ~ condition + (1 | participant) + (1 | item)
  }
  gc(reset = TRUE)
  secs <- system.time(m <- glmer(form, data = d, family = binomial, control = control))[["elapsed"]]
  mem <- sum(gc()[, 6])
  out <- function(key, value) cat(case, "\t", key, "\t", format(value, digits = 17), "\n", sep = "")
  cf <- summary(m)$coefficients
  for (i in seq_len(nrow(cf))) {
    out(paste0("estimate:", rownames(cf)[i]), cf[i, 1])
    out(paste0("se:", rownames(cf)[i]), cf[i, 2])
  }
  vc <- as.data.frame(VarCorr(m))
  for (i in seq_len(nrow(vc))) out(paste0("sd:", vc$grp[i]), vc$sdcor[i])
  out("logLik", as.numeric(logLik(m)))
  out("seconds", secs)
  out("peakMb", mem)
}
