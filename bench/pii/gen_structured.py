"""Writes the CSV export and the JSON Lines file of the PII benchmark (about 50 MB each, seeded).

    python3 bench/pii/gen_structured.py OUT_DIR [BYTES]

big.csv: id, name, email, phone, inn and a quoted notes column of words in the five languages;
big.jsonl: one record per line with a nested user object, a phone array and a note.
"""
import json
import random
import sys

WORDS = "the quick brown fox jumps over lazy dog клиент указал номер 请核对 आधार संख्या".split()


def phone(rng):
    return f"+7 495 {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"


def main():
    out, size = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 50_000_000
    rng = random.Random(1)
    with open(f"{out}/big.csv", "w", encoding="utf-8") as f:
        f.write("id,name,email,phone,inn,notes\n")
        i = 0
        while f.tell() < size:
            i += 1
            number = phone(rng)
            note = " ".join(rng.choices(WORDS, k=12))
            f.write(f'{i},Ivan {i},user{i}@mail.ru,{number},7707083893,"{note}"\n')
    rng = random.Random(2)
    with open(f"{out}/big.jsonl", "w", encoding="utf-8") as f:
        i = 0
        while f.tell() < size:
            i += 1
            user = {"name": f"Ivan {i}", "email": f"user{i}@mail.ru", "phones": [phone(rng)], "inn": "7707083893"}
            record = {"id": i, "user": user, "note": " ".join(rng.choices(WORDS, k=12)), "ok": True}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
