"""How long `vanban diff` takes on a large Quy chế: alignment + word diff, the table .docx, the page.

    python bench/bench_compare.py [ARTICLES]     (default 120 articles × 5 khoản × 4 điểm)

The draft inserts an article every 10, deletes a point every 7 articles, rewords a khoản every 5,
moves two articles, and changes punctuation in every 9th article. Prints seconds per step.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.format.profiles import load_profile  # noqa: E402
from generator.format.record_parser import parse_record_text  # noqa: E402
from generator.render.compare import amending_text, compare, comparison_markdown  # noqa: E402
from generator.render.compare_docx import TitleBlock, build_table  # noqa: E402

WORDS = ("lãnh đạo chỉ đạo tổ chức thực hiện phối hợp trao đổi thông tin công tác đảng chính trị quần chúng "
         "an ninh trật tự xã hội cán bộ đảng viên kiểm tra giám sát báo cáo định kỳ văn bản quy định").split()


def sentence(rng: random.Random, n: int = 30) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def article(rng: random.Random, n: int, title: str, khoans: list[list[str]]) -> str:
    out = [f"Điều {n}. {title}", ""]
    for k, points in enumerate(khoans, start=1):
        out += [f"{k}. {points[0]}:", ""]
        for letter, text in zip("abcdđ", points[1:]):
            out += [f"{letter}) {text};", ""]
    return "\n".join(out)


def texts(count: int) -> tuple[str, str]:
    rng = random.Random(7)
    arts = [(f"Điều khoản số {i} {sentence(rng, 4)}", [[sentence(rng)] + [sentence(rng) for _ in range(4)]
                                                    for _ in range(5)]) for i in range(count)]
    new = []
    for i, (title, khoans) in enumerate(arts):
        khoans = [list(k) for k in khoans]
        if i % 7 == 3:
            del khoans[1][2]
        if i % 5 == 2:
            khoans[2][0] = sentence(rng)
        if i % 9 == 4:
            khoans[0][1] = khoans[0][1].replace(" ", ", ", 1)
        new.append((title, khoans))
        if i % 10 == 5:
            new.append((f"Điều mới {i} {sentence(rng, 4)}", [[sentence(rng)] + [sentence(rng)] * 2]))
    new.insert(3, new.pop(len(new) // 3))                   # two articles move
    new.insert(len(new) // 2, new.pop(len(new) // 10))
    head = "---\nloai: quy-che\nco_quan: btv-tinh-uy\ntrich_yeu: thử\n---\n\n"
    old_text = head + "\n\n".join(article(rng, n, t, k) for n, (t, k) in enumerate(arts, start=1))
    new_text = head + "\n\n".join(article(rng, n, t, k) for n, (t, k) in enumerate(new, start=1))
    return old_text, new_text


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 120
    old_text, new_text = texts(count)
    folder = Path(tempfile.mkdtemp())
    t = time.perf_counter()
    old = parse_record_text(old_text, folder / "cu" / "van-ban.md")
    new = parse_record_text(new_text, folder / "moi" / "van-ban.md")
    parsed = time.perf_counter()
    comparison = compare(old, new)
    compared = time.perf_counter()
    table = build_table(comparison, load_profile("dang"), TitleBlock("Dự thảo với bản hiện hành"))
    built = time.perf_counter()
    amending_text(comparison)
    comparison_markdown(old, new)
    paged = time.perf_counter()
    units = sum(1 for _ in old.units())
    print(f"{count} Điều, {units} đơn vị; {len(comparison.changes())} thay đổi, {len(comparison.rows)} dòng bảng")
    print(f"đọc hai bản {parsed - t:.2f} s; so sánh {compared - parsed:.2f} s; bảng .docx {built - compared:.2f} s "
          f"({len(table) // 1024} KB); văn bản sửa đổi + trang web {paged - built:.2f} s")


if __name__ == "__main__":
    main()
