"""Presidio as the benchmark's yardstick: its pattern recognisers over a slice of the corpus.

Presidio (PyPI presidio-analyzer) is used here as a comparison only, never at run time. No spaCy
model can be downloaded in this environment, so the analyzer runs on a blank English spaCy pipeline
saved to a temporary directory: tokenisation works, named-entity recognition finds nothing, and the
pattern recognisers (e-mail, phone via the phonenumbers library, IP, credit card, IBAN, Aadhaar,
PAN, ...) are what is measured. The whole slice is analysed as English, Presidio's only default
language.

Usage: presidio_bench.py CORPUS BYTES FINDINGS_OUT
Writes findings as JSON Lines with our kind names and byte offsets into the corpus, and prints the
throughput in MB/s on stdout as `presidio_mb_per_s=<number>`.
"""

import json
import sys
import tempfile
import time

import spacy
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import SpacyNlpEngine

# Presidio entity types that correspond to one of our kinds; other types are not scored.
KINDS = {
    "EMAIL_ADDRESS": "email",
    "PHONE_NUMBER": "phone",
    "CREDIT_CARD": "credit_card",
    "IBAN_CODE": "iban",
    "IN_AADHAAR": "in_aadhaar",
    "IN_PAN": "in_pan",
}


def analyzer(model_dir):
    spacy.blank("en").to_disk(model_dir)
    nlp = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": model_dir}])
    nlp.load()
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp)
    # Pattern recognisers only: the NER-based recogniser has no model to work with.
    registry.recognizers = [r for r in registry.recognizers if type(r).__name__ != "SpacyRecognizer"]
    return AnalyzerEngine(nlp_engine=nlp, registry=registry, supported_languages=["en"])


def main():
    corpus, limit, out_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(corpus, "rb") as f:
        data = f.read(limit)
    data = data[: data.rfind(b"\n") + 1]
    with tempfile.TemporaryDirectory() as model_dir:
        engine = analyzer(model_dir)
        started = time.perf_counter()
        findings = []
        offset = 0
        for raw in data.splitlines(keepends=True):
            text = raw.decode("utf-8", errors="replace")
            for r in engine.analyze(text=text, language="en"):
                kind = KINDS.get(r.entity_type)
                if kind is None and r.entity_type == "IP_ADDRESS":
                    kind = "ipv6" if ":" in text[r.start : r.end] else "ipv4"
                if kind is None:
                    continue
                start = offset + len(text[: r.start].encode())
                length = len(text[r.start : r.end].encode())
                findings.append({"kind": kind, "offset": start, "length": length})
            offset += len(raw)
        seconds = time.perf_counter() - started
    with open(out_path, "w") as out:
        for f in findings:
            out.write(json.dumps(f) + "\n")
    print(f"presidio_bytes={len(data)} presidio_seconds={seconds:.2f} presidio_mb_per_s={len(data) / seconds / 1e6:.4f}")


if __name__ == "__main__":
    main()
