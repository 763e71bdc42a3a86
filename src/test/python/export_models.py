#!/usr/bin/python3
"""Exports the small TorchScript models and tokenizers that the import tests use, as a user would make them.

    /usr/bin/python3 src/test/python/export_models.py OUTDIR PANG_LEE_CSV BGE_TOKENIZER_JSON

Everything follows docs/models.md: each model is a torch.nn.Module with registered parameters, exported with
torch.jit.script, exporting embed(input_ids) and forward(input_ids, attention_mask, inputs_embeds=None).

Written into OUTDIR:
  word-level/tokenizer.json   a word-level tokenizer (WhitespaceSplit, lower case, [CLS]/[SEP]) whose vocabulary is
                              the words seen at least twice in the training sentences
  bpe/tokenizer.json          a byte-level BPE tokenizer (GPT-2 layout) with 600 merges learnt from them
  wordpiece/tokenizer.json    the bge WordPiece tokenizer given as the third argument, copied
  <tokenizer>/kim-cnn.pt      Kim-style CNN: nn.Embedding, nn.Conv1d (widths 3 and 5), max-pool, nn.Linear
  wordpiece/transformer.pt    two nn.TransformerEncoder layers over token + position embeddings, masked mean, nn.Linear
  <tokenizer>/bag.pt          bag of embeddings: masked mean of nn.Embedding rows, nn.Linear
  wordpiece/no-grad-bag.pt    the bag model with its forward under torch.no_grad() (untrained): import must refuse it
  heldout.txt                 200 held-out sentences (one per line) that no tokenizer saw

The sentences are the Pang & Lee polarity data (the CSV of the Debian package python3-pattern), shuffled with
seed 42 into 3,200 training and 800 held-out sentences. Weights are seeded; the CNN and the bag model get a few
epochs of Adam on the training sentences so that their attributions are those of a model that learnt something.
"""
import collections
import csv
import json
import random
import re
import shutil
import sys
from pathlib import Path
from typing import List, Optional

import torch
from torch import Tensor, nn

SEED = 42


def read_pang_lee(path):
    rows = []
    with open(path, encoding="utf-8-sig", newline="") as f:
        for record in csv.reader(f):
            if len(record) >= 2 and record[0].strip() in ("1", "-1") and record[1].strip():
                rows.append((record[1].strip(), 1 if record[0].strip() == "1" else 0))
    random.Random(SEED).shuffle(rows)
    return rows[:3200], rows[3200:]


# ---------------------------------------------------------------- tokenizers (Hugging Face tokenizer.json format)

def added(token_id, content):
    return {"id": token_id, "content": content, "single_word": False, "lstrip": False, "rstrip": False,
            "normalized": False, "special": True}


def word_level(train):
    counts = collections.Counter(w for text, _ in train for w in text.lower().split())
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]
    vocab = {s: i for i, s in enumerate(specials)}
    for word, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if n >= 2:
            vocab[word] = len(vocab)

    def special(name):
        return {"id": name, "ids": [vocab[name]], "tokens": [name]}

    single = [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
              {"SpecialToken": {"id": "[SEP]", "type_id": 0}}]
    pair = single + [{"Sequence": {"id": "B", "type_id": 1}}, {"SpecialToken": {"id": "[SEP]", "type_id": 1}}]
    return {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [added(vocab[s], s) for s in specials],
        "normalizer": {"type": "Lowercase"},
        "pre_tokenizer": {"type": "WhitespaceSplit"},
        "post_processor": {"type": "TemplateProcessing", "single": single, "pair": pair,
                           "special_tokens": {"[CLS]": special("[CLS]"), "[SEP]": special("[SEP]")}},
        "decoder": None,
        "model": {"type": "WordLevel", "vocab": vocab, "unk_token": "[UNK]"},
    }


def bytes_to_unicode():
    """GPT-2's printable stand-in for each byte."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


# GPT-2's pre-tokenizer pattern, with Python's classes for \p{L} and \p{N}
GPT2_SPLIT = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[^\W\d_]+| ?\d+| ?[^\s\w]+|\s+(?!\S)|\s+""")


def byte_level_bpe(train, merges_wanted=600):
    to_unicode = bytes_to_unicode()
    words = collections.Counter()
    for text, _ in train:
        for chunk in GPT2_SPLIT.findall(text):
            words[tuple(to_unicode[b] for b in chunk.encode("utf-8"))] += 1
    vocab = {}
    for b in range(256):
        vocab.setdefault(to_unicode[b], len(vocab))
    merges = []
    words = dict(words)
    for _ in range(merges_wanted):
        pairs = collections.Counter()
        for symbols, n in words.items():
            for pair in zip(symbols, symbols[1:]):
                pairs[pair] += n
        if not pairs:
            break
        best = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))[0]
        merges.append(best[0] + " " + best[1])
        vocab[best[0] + best[1]] = len(vocab)
        merged = {}
        for symbols, n in words.items():
            out, i = [], 0
            while i < len(symbols):
                if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == best:
                    out.append(best[0] + best[1])
                    i += 2
                else:
                    out.append(symbols[i])
                    i += 1
            merged[tuple(out)] = merged.get(tuple(out), 0) + n
        words = merged
    eos = "<|endoftext|>"
    vocab[eos] = len(vocab)
    byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
    return {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [added(vocab[eos], eos)],
        "normalizer": None,
        "pre_tokenizer": byte_level,
        "post_processor": dict(byte_level, trim_offsets=False),
        "decoder": byte_level,
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "vocab": vocab,
                  "merges": merges},
    }


class Vocabulary:
    """Enough of each tokenizer in Python to train on: ids of a text, with the tokenizer's special tokens."""

    def __init__(self, tokenizer):
        self.model = tokenizer["model"]
        self.vocab = self.model["vocab"]

    def ids(self, text):
        if self.model["type"] == "WordLevel":
            return [2] + [self.vocab.get(w, 1) for w in text.lower().split()] + [3]
        if self.model["type"] == "WordPiece":
            return [self.vocab["[CLS]"]] + [i for w in re.findall(r"\w+|[^\w\s]", text.lower())
                                            for i in self.wordpiece(w)] + [self.vocab["[SEP]"]]
        to_unicode = bytes_to_unicode()
        return [self.vocab[s] for chunk in GPT2_SPLIT.findall(text)
                for s in self.bpe([to_unicode[b] for b in chunk.encode("utf-8")])]

    def wordpiece(self, word):
        out, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start and (("##" if start else "") + word[start:end]) not in self.vocab:
                end -= 1
            if end == start:
                return [self.vocab["[UNK]"]]
            out.append(self.vocab[("##" if start else "") + word[start:end]])
            start = end
        return out

    def bpe(self, symbols):
        ranks = getattr(self, "_ranks", None)
        if ranks is None:
            ranks = self._ranks = {tuple(m.split(" ")): r for r, m in enumerate(self.model["merges"])}
        while len(symbols) > 1:
            pairs = [(ranks.get(p, 1 << 30), i) for i, p in enumerate(zip(symbols, symbols[1:]))]
            rank, i = min(pairs)
            if rank == 1 << 30:
                break
            symbols = symbols[:i] + [symbols[i] + symbols[i + 1]] + symbols[i + 2:]
        return symbols


# ---------------------------------------------------------------- models (the convention of docs/models.md)

class KimCnn(nn.Module):
    def __init__(self, vocab_size: int, dim: int = 32, filters: int = 16, classes: int = 2):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, dim)
        self.convs = nn.ModuleList([nn.Conv1d(dim, filters, 3, padding=1), nn.Conv1d(dim, filters, 5, padding=2)])
        self.dropout = nn.Dropout(0.5)
        self.out = nn.Linear(2 * filters, classes)

    @torch.jit.export
    def embed(self, input_ids: Tensor) -> Tensor:
        return self.embedding(input_ids)

    def forward(self, input_ids: Tensor, attention_mask: Tensor, inputs_embeds: Optional[Tensor] = None) -> Tensor:
        e = self.embedding(input_ids) if inputs_embeds is None else inputs_embeds
        mask = attention_mask.unsqueeze(1).to(e.dtype)
        x = e.transpose(1, 2) * mask
        pooled: List[Tensor] = []
        for conv in self.convs:
            h = torch.relu(conv(x)) * mask
            pooled.append(h.max(dim=2).values)
        return self.out(self.dropout(torch.cat(pooled, dim=1)))


class Bag(nn.Module):
    def __init__(self, vocab_size: int, dim: int = 16, classes: int = 2):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, dim)
        self.out = nn.Linear(dim, classes)

    @torch.jit.export
    def embed(self, input_ids: Tensor) -> Tensor:
        return self.embedding(input_ids)

    def forward(self, input_ids: Tensor, attention_mask: Tensor, inputs_embeds: Optional[Tensor] = None) -> Tensor:
        e = self.embedding(input_ids) if inputs_embeds is None else inputs_embeds
        mask = attention_mask.unsqueeze(-1).to(e.dtype)
        return self.out((e * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0))


class NoGradBag(Bag):
    """A mistake users make: forward runs under torch.no_grad(), so nothing can be differentiated."""

    def forward(self, input_ids: Tensor, attention_mask: Tensor, inputs_embeds: Optional[Tensor] = None) -> Tensor:
        with torch.no_grad():
            e = self.embedding(input_ids) if inputs_embeds is None else inputs_embeds
            mask = attention_mask.unsqueeze(-1).to(e.dtype)
            logits = self.out((e * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0))
        return logits


class SmallTransformer(nn.Module):
    def __init__(self, vocab_size: int, dim: int = 32, classes: int = 2, max_length: int = 512):
        super().__init__()
        self.tokens = nn.Embedding(vocab_size, dim)
        self.positions = nn.Embedding(max_length, dim)
        layer = nn.TransformerEncoderLayer(dim, nhead=2, dim_feedforward=64, dropout=0.0, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
        self.out = nn.Linear(dim, classes)

    @torch.jit.export
    def embed(self, input_ids: Tensor) -> Tensor:
        positions = torch.arange(input_ids.shape[1], device=input_ids.device).unsqueeze(0)
        return self.tokens(input_ids) + self.positions(positions)

    def forward(self, input_ids: Tensor, attention_mask: Tensor, inputs_embeds: Optional[Tensor] = None) -> Tensor:
        e = self.embed(input_ids) if inputs_embeds is None else inputs_embeds
        h = self.encoder(e, src_key_padding_mask=attention_mask == 0)
        mask = attention_mask.unsqueeze(-1).to(h.dtype)
        return self.out((h * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0))


def batches(vocabulary, rows, size=32):
    rows = rows[:]
    random.Random(SEED).shuffle(rows)
    for start in range(0, len(rows), size):
        chunk = rows[start:start + size]
        ids = [vocabulary.ids(text)[:128] for text, _ in chunk]
        length = max(len(i) for i in ids)
        x = torch.zeros(len(ids), length, dtype=torch.long)
        m = torch.zeros(len(ids), length, dtype=torch.long)
        for r, i in enumerate(ids):
            x[r, :len(i)] = torch.tensor(i)
            m[r, :len(i)] = 1
        yield x, m, torch.tensor([label for _, label in chunk])


def train(model, vocabulary, rows, epochs):
    optimizer = torch.optim.Adam(model.parameters(), lr=0.005)
    model.train()
    for _ in range(epochs):
        for x, m, y in batches(vocabulary, rows):
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(x, m), y).backward()
            optimizer.step()
    return model.eval()


def accuracy(model, vocabulary, rows):
    right = 0
    with torch.no_grad():
        for x, m, y in batches(vocabulary, rows, 100):
            right += int((model(x, m).argmax(dim=1) == y).sum())
    return right / len(rows)


def export(model, vocabulary, heldout, path):
    scripted = torch.jit.script(model.eval())
    x, m, _ = next(batches(vocabulary, heldout, 4))
    with torch.no_grad():
        assert torch.allclose(scripted(x, m), scripted(x, m, scripted.embed(x)), atol=1e-5)
    scripted.save(str(path))
    print(f"{path}: held-out accuracy {accuracy(model, vocabulary, heldout):.3f}")


def main(out, data, bge_tokenizer):
    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    training, heldout = read_pang_lee(data)
    (out / "heldout.txt").write_text("".join(text + "\n" for text, _ in heldout[:200]), encoding="utf-8")
    tokenizers = {"word-level": word_level(training), "bpe": byte_level_bpe(training),
                  "wordpiece": json.loads(Path(bge_tokenizer).read_text(encoding="utf-8"))}
    for name, tokenizer in tokenizers.items():
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        if name == "wordpiece":
            shutil.copyfile(bge_tokenizer, folder / "tokenizer.json")
        else:
            (folder / "tokenizer.json").write_text(json.dumps(tokenizer, ensure_ascii=False), encoding="utf-8")
        vocabulary = Vocabulary(tokenizer)
        size = len(vocabulary.vocab)
        export(train(KimCnn(size), vocabulary, training, 2), vocabulary, heldout, folder / "kim-cnn.pt")
        export(train(Bag(size), vocabulary, training, 2), vocabulary, heldout, folder / "bag.pt")
        if name == "wordpiece":
            export(NoGradBag(size), vocabulary, heldout, folder / "no-grad-bag.pt")
            export(train(SmallTransformer(size), vocabulary, training[:800], 1), vocabulary, heldout,
                   folder / "transformer.pt")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    main(target, sys.argv[2], sys.argv[3])
