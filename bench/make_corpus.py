"""Write a scaled corpus: the real founding documents with varied numbers and titles.

    python bench/make_corpus.py N OUTDIR

Each generated file is one of the five corpus files (file 003 without its nested parts, so that
every file is one document) with its title, 文号 and years varied, so that N files import as N
distinct works. A manifest.toml beside them gives each its title and 文号.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
PLACES = ["沈阳", "大连", "鞍山", "抚顺", "本溪", "丹东", "锦州", "营口", "阜新", "辽阳", "铁岭", "朝阳", "盘锦", "葫芦岛"]
TOPICS = ["人员管理", "药品耗材", "信息化建设", "医保支付", "绩效考核", "医防融合", "资源共享", "质量控制", "财务管理", "家庭医生"]
KINDS = ["实施方案", "实施意见", "管理办法", "工作方案", "行动计划"]


def sources() -> list[str]:
    texts = []
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if path.name.startswith("003"):
            # Keep only the 办法 itself (chapters and articles).
            text = text[text.index("医疗联合体管理办法\n\n(试行)") :]
        texts.append(text)
    return texts


def vary(text: str, i: int, rng: random.Random) -> tuple[str, dict]:
    place = PLACES[i % len(PLACES)]
    title = f"{place}市{TOPICS[i % len(TOPICS)]}{KINDS[(i // len(TOPICS)) % len(KINDS)]}（第{i}号）"
    year = 2018 + i % 9
    number = f"{place[0]}卫发〔{year}〕{i}号"
    body = re.sub(r"20(1\d|2[0-7])年", lambda m: f"{2000 + (int(m.group(1)) + i) % 28}年", text)
    body = body.replace("辽宁", f"辽宁{place}")
    return f"{title}\n{number}\n{body}", {"title": title, "doc_number": number, "year": year}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="how many documents")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    args.outdir.mkdir(parents=True, exist_ok=True)
    texts = sources()
    manifest = []
    for i in range(1, args.n + 1):
        body, meta = vary(texts[i % len(texts)], i, rng)
        name = f"doc_{i:05d}.txt"
        (args.outdir / name).write_text(body, encoding="utf-8")
        manifest.append(
            f'[[documents]]\nfile = "{name}"\nkey = "bench-{i:05d}"\ntitle = "{meta["title"]}"\n'
            f'doc_number = "{meta["doc_number"]}"\nlevel = "city"\nstage = "published"\n'
            f'status = "in_force"\ndate_issued = "{meta["year"]}-06-{1 + i % 28:02d}"\n'
        )
        if i % 100 == 0:
            print(f"  {i}/{args.n}", file=sys.stderr)
    (args.outdir / "manifest.toml").write_text("\n".join(manifest), encoding="utf-8")
    print(f"wrote {args.n} documents to {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
