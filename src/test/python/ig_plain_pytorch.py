"""Integrated Gradients as Captum computes it, without Captum: the steps + 1 scaled inputs in one batch,
torch.autograd.grad, trapezoid weights, times input - baseline. Plain PyTorch on one thread, on the Kim-CNN that
export_models.py exports and its held-out sentences, with xstudy's "model" baseline (every piece's id set to 0,
[CLS] and [SEP] kept). Tokenization is not timed. A lower bound on Captum's own time, for docs/performance.md.

    /usr/bin/python3 src/test/python/ig_plain_pytorch.py [target/exported-models]
"""
import json
import statistics
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).parent))
from export_models import Vocabulary  # noqa: E402

STEPS = 50
SENTENCES = 100
ROUNDS = 9


def main(folder):
    torch.set_num_threads(1)
    model = torch.jit.load(str(folder / "wordpiece" / "kim-cnn.pt"))
    model.eval()
    vocabulary = Vocabulary(json.loads((folder / "wordpiece" / "tokenizer.json").read_text(encoding="utf-8")))
    texts = (folder / "heldout.txt").read_text(encoding="utf-8").splitlines()[:SENTENCES]
    ids = [torch.tensor([vocabulary.ids(t)]) for t in texts]
    alphas = torch.linspace(0, 1, STEPS + 1)
    weights = torch.full((STEPS + 1,), 1.0 / STEPS)
    weights[0] = weights[-1] = 0.5 / STEPS

    def integrated_gradients(row):
        x = model.embed(row)
        base_ids = row.clone()
        base_ids[0, 1:-1] = 0
        baseline = model.embed(base_ids)
        n = STEPS + 1
        path = (baseline + alphas.view(-1, 1, 1) * (x - baseline)).detach().requires_grad_()
        out = model(row.expand(n, -1), torch.ones(n, row.shape[1], dtype=torch.long), path)[:, 1]
        grad, = torch.autograd.grad(out.sum(), path)
        scores = ((grad * weights.view(-1, 1, 1)).sum(0) * (x - baseline)[0]).sum(-1)
        return abs(scores.sum().item() - (out[-1].item() - out[0].item()))

    for row in ids[:30]:
        integrated_gradients(row)
    rounds, gaps = [], []
    for r in range(ROUNDS):
        start = time.perf_counter()
        for row in ids:
            gap = integrated_gradients(row)
            if r == 0:
                gaps.append(gap)
        rounds.append((time.perf_counter() - start) * 1000 / len(ids))
    print(f"plain PyTorch {torch.__version__}, trapezoid {STEPS} steps: {statistics.median(rounds):.3f} ms per "
          f"sentence (median of {ROUNDS} rounds, fastest {min(rounds):.3f}), mean gap {statistics.mean(gaps):.5f}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "target/exported-models"))
